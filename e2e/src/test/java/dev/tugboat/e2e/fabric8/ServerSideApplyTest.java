package dev.tugboat.e2e.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.ServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server-side apply through fabric8: field ownership per manager, conflicts and forcing, removal
 * of fields a manager stops applying, and the PatchContext form of the same request.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServerSideApplyTest {

    private static final String NS = "ssa-e2e";

    private static ServerProcess server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        client = Clients.connect(server);
        Clients.createNamespace(client, NS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
            server.deleteData();
        }
    }

    private static ConfigMap config(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withData(data).build();
    }

    private static ConfigMap apply(String manager, ConfigMap config) {
        return client.configMaps().inNamespace(NS).resource(config).fieldManager(manager).serverSideApply();
    }

    private static List<String> managers(ConfigMap cm) {
        return cm.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager).toList();
    }

    private static String ownedBy(ConfigMap cm, String manager) {
        return cm.getMetadata().getManagedFields().stream().filter(m -> m.getManager().equals(manager))
                .map(m -> m.getFieldsV1().getAdditionalProperties().toString()).findFirst().orElse("");
    }

    @Test
    void appliesFromTwoManagersMergeAndEachOwnsWhatItApplied() {
        ConfigMap created = apply("mgr-a", config("merged", Map.of("a", "1", "b", "1")));
        assertThat(created.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "1"));
        ManagedFieldsEntry entry = created.getMetadata().getManagedFields().get(0);
        assertThat(entry.getManager()).isEqualTo("mgr-a");
        assertThat(entry.getOperation()).isEqualTo("Apply");
        assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(ownedBy(created, "mgr-a")).contains("f:a", "f:b");

        ConfigMap merged = apply("mgr-b", config("merged", Map.of("c", "1")));
        assertThat(merged.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "1", "c", "1"));
        assertThat(managers(merged)).containsExactlyInAnyOrder("mgr-a", "mgr-b");
        assertThat(ownedBy(merged, "mgr-b")).contains("f:c").doesNotContain("f:a");
    }

    @Test
    void applyingAnotherManagersFieldIsAConflictUntilForced() {
        apply("owner", config("contested", Map.of("a", "1")));
        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> apply("intruder", config("contested", Map.of("a", "2"))));
        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(conflict.getStatus().getDetails().getCauses()).extracting(StatusCause::getReason,
                StatusCause::getField).containsExactly(tuple("FieldManagerConflict",
                ".data.a"));
        assertThat(conflict.getStatus().getDetails().getCauses().get(0).getMessage()).contains("owner");
        assertThat(client.configMaps().inNamespace(NS).withName("contested").get().getData()).containsEntry("a", "1");

        ConfigMap forced = client.configMaps().inNamespace(NS).resource(config("contested", Map.of("a", "2")))
                .fieldManager("intruder").forceConflicts().serverSideApply();
        assertThat(forced.getData()).containsEntry("a", "2");
        assertThat(ownedBy(forced, "intruder")).contains("f:a");
        assertThat(ownedBy(forced, "owner")).doesNotContain("f:a");
    }

    @Test
    void aFieldDroppedFromAnAppliedConfigIsRemovedOnlyWhenNoOtherManagerOwnsIt() {
        apply("first", config("pruned", Map.of("mine", "1", "shared", "1")));
        apply("second", config("pruned", Map.of("shared", "1")));
        ConfigMap afterFirstDrops = apply("first", config("pruned", Map.of()));
        assertThat(afterFirstDrops.getData()).containsExactlyEntriesOf(Map.of("shared", "1"));
    }

    @Test
    void reapplyingTheSameConfigChangesNothing() {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build();
        client.apps().deployments().inNamespace(NS).resource(d).fieldManager("deployer").serverSideApply();
        // The deployment controller writes the revision annotation and the status until it has settled (no
        // nodes: two pods made and up to date, none available); after that only the second apply could.
        Deployment settled = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.apps().deployments().inNamespace(NS).withName("web").get(),
                        ServerSideApplyTest::settledWithoutNodes);
        Deployment again = client.apps().deployments().inNamespace(NS).resource(d).fieldManager("deployer")
                .serverSideApply();
        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(settled.getMetadata().getResourceVersion());
        assertThat(again.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(again.getSpec().getReplicas()).isEqualTo(2);
        assertThat(again.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    }

    private static boolean settledWithoutNodes(Deployment d) {
        var status = d.getStatus();
        return status != null && d.getMetadata().getGeneration().equals(status.getObservedGeneration())
                && Integer.valueOf(2).equals(status.getReplicas()) && Integer.valueOf(2).equals(status.getUpdatedReplicas())
                && Integer.valueOf(2).equals(status.getUnavailableReplicas());
    }

    @Test
    void aPatchContextOfTypeServerSideApplyIsTheSameRequest() {
        PatchContext context = PatchContext.of(PatchType.SERVER_SIDE_APPLY);
        context.setFieldManager("context-manager");
        context.setForce(true);
        ConfigMap applied = client.configMaps().inNamespace(NS).withName("by-context")
                .patch(context, config("by-context", Map.of("k", "v")));
        assertThat(applied.getData()).containsEntry("k", "v");
        assertThat(managers(applied)).containsExactly("context-manager");
    }
}
