package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl apply --server-side}: create-on-apply, field ownership in managedFields, conflicts
 * between managers (upstream's 409 message, patch-apply-facts §2.9) and {@code --force-conflicts}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSideApplyTest {

    /** kubectl's advice after an apply conflict (kubectl apply, 1.33). */
    private static final String CONFLICT_ADVICE = """
            Please review the fields above--they currently have other managers. Here
            are the ways you can resolve this warning:
            * If you intend to manage all of these fields, please re-run the apply
              command with the `--force-conflicts` flag.
            * If you do not intend to manage all of the fields, please edit your
              manifest to remove references to the fields that should keep their
              current managers.
            * You may co-own fields by updating your manifest to match the existing
              value; in this case, you'll become the manager if the other manager(s)
              stop managing the field (remove it from their configuration).
            See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
            """;

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path configMap(String file, String data) {
        return cluster.write(file, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                %s""".formatted(data.indent(2)));
    }

    /** The managedFields entry of {@code manager}, or a missing node. */
    private static JsonNode entry(JsonNode obj, String manager) {
        for (JsonNode e : obj.at("/metadata/managedFields")) {
            if (e.get("manager").asText().equals(manager)) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void serverSideApplyCreatesTheObjectAndRecordsTheApplyManager() throws Exception {
        String ns = cluster.newNamespace("ssa-create");
        Path file = configMap("ssa-create.yaml", "a: \"1\"\nb: \"2\"\n");

        assertThat(cluster.ok("apply", "--server-side", "-f", file.toString(), "-n", ns))
                .isEqualTo("configmap/settings serverside-applied\n");

        JsonNode live = cluster.json("get", "configmap", "settings", "-n", ns, "--show-managed-fields");
        assertThat(live.get("data").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        JsonNode kubectl = entry(live, "kubectl");
        assertThat(kubectl.get("operation").asText()).isEqualTo("Apply");
        assertThat(kubectl.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(kubectl.get("fieldsType").asText()).isEqualTo("FieldsV1");
        assertThat(kubectl.get("fieldsV1").toString()).isEqualTo("{\"f:data\":{\"f:a\":{},\"f:b\":{}}}");
        assertThat(live.at("/metadata/annotations").isMissingNode())
                .as("server-side apply writes no last-applied annotation").isTrue();
    }

    @Test
    void reApplyingTheSameConfigurationChangesNothing() throws Exception {
        String ns = cluster.newNamespace("ssa-noop");
        Path file = configMap("ssa-noop.yaml", "a: \"1\"\n");
        cluster.ok("apply", "--server-side", "-f", file.toString(), "-n", ns);
        String rv = cluster.json("get", "cm", "settings", "-n", ns).at("/metadata/resourceVersion").asText();

        assertThat(cluster.ok("apply", "--server-side", "-f", file.toString(), "-n", ns))
                .isEqualTo("configmap/settings serverside-applied\n");

        assertThat(cluster.json("get", "cm", "settings", "-n", ns).at("/metadata/resourceVersion").asText())
                .isEqualTo(rv);
    }

    @Test
    void aFieldDroppedFromTheConfigurationIsRemovedWhenNobodyElseOwnsIt() throws Exception {
        String ns = cluster.newNamespace("ssa-prune");
        cluster.ok("apply", "--server-side", "-f", configMap("ssa-prune.yaml", "a: \"1\"\nb: \"2\"\n").toString(),
                "-n", ns);

        cluster.ok("apply", "--server-side", "-f", configMap("ssa-prune.yaml", "a: \"1\"\n").toString(), "-n", ns);

        assertThat(cluster.json("get", "cm", "settings", "-n", ns).get("data").toString()).isEqualTo("{\"a\":\"1\"}");
    }

    @Test
    void anotherManagerChangingAnOwnedFieldIsAConflict() throws Exception {
        String ns = cluster.newNamespace("ssa-conflict");
        cluster.ok("apply", "--server-side", "-f", configMap("ssa-conflict.yaml", "a: \"1\"\n").toString(), "-n", ns);

        Kubectl.Result r = cluster.run("apply", "--server-side", "--field-manager=other",
                "-f", configMap("ssa-conflict-other.yaml", "a: \"2\"\n").toString(), "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: Apply failed with 1 conflict: conflict with \"kubectl\": .data.a\n"
                + CONFLICT_ADVICE);
        assertThat(cluster.ok("get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data.a}")).isEqualTo("1");
    }

    @Test
    void forceConflictsTakesOwnershipOfTheConflictingField() throws Exception {
        String ns = cluster.newNamespace("ssa-force");
        cluster.ok("apply", "--server-side", "-f", configMap("ssa-force.yaml", "a: \"1\"\nb: \"1\"\n").toString(),
                "-n", ns);

        assertThat(cluster.ok("apply", "--server-side", "--field-manager=other", "--force-conflicts",
                "-f", configMap("ssa-force-other.yaml", "a: \"2\"\n").toString(), "-n", ns))
                .isEqualTo("configmap/settings serverside-applied\n");

        JsonNode live = cluster.json("get", "cm", "settings", "-n", ns, "--show-managed-fields");
        assertThat(live.get("data").toString()).isEqualTo("{\"a\":\"2\",\"b\":\"1\"}");
        assertThat(entry(live, "other").get("fieldsV1").toString()).isEqualTo("{\"f:data\":{\"f:a\":{}}}");
        assertThat(entry(live, "kubectl").get("fieldsV1").toString()).isEqualTo("{\"f:data\":{\"f:b\":{}}}");
    }

    @Test
    void applyingTheSameValueAsAnotherManagerSharesOwnership() throws Exception {
        String ns = cluster.newNamespace("ssa-share");
        cluster.ok("apply", "--server-side", "-f", configMap("ssa-share.yaml", "a: \"1\"\n").toString(), "-n", ns);

        assertThat(cluster.ok("apply", "--server-side", "--field-manager=other",
                "-f", configMap("ssa-share-other.yaml", "a: \"1\"\n").toString(), "-n", ns))
                .isEqualTo("configmap/settings serverside-applied\n");

        JsonNode live = cluster.json("get", "cm", "settings", "-n", ns, "--show-managed-fields");
        assertThat(entry(live, "kubectl").get("fieldsV1").toString()).isEqualTo("{\"f:data\":{\"f:a\":{}}}");
        assertThat(entry(live, "other").get("fieldsV1").toString()).isEqualTo("{\"f:data\":{\"f:a\":{}}}");
    }

    @Test
    void changingAFieldSetByClientSideApplyConflictsWithItsManager() throws Exception {
        String ns = cluster.newNamespace("ssa-csa-conflict");
        Path file = cluster.manifest("deployment-web.yaml");
        cluster.ok("apply", "-f", file.toString(), "-n", ns);
        Path changed = cluster.write("web-replicas.yaml", Files.readString(file).replace("replicas: 2", "replicas: 5"));

        Kubectl.Result r = cluster.run("apply", "--server-side", "--field-manager=other", "-f", changed.toString(),
                "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: Apply failed with 1 conflict: conflict with "
                + "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas\n" + CONFLICT_ADVICE);
    }

    @Test
    void kubectlTakesOverFieldsItAppliedClientSideWithoutAConflict() throws Exception {
        String ns = cluster.newNamespace("ssa-migrate");
        Path file = cluster.manifest("deployment-web.yaml");
        cluster.ok("apply", "-f", file.toString(), "-n", ns);
        Path changed = cluster.write("web-migrate.yaml", Files.readString(file).replace("replicas: 2", "replicas: 5"));

        assertThat(cluster.ok("apply", "--server-side", "-f", changed.toString(), "-n", ns))
                .isEqualTo("deployment.apps/web serverside-applied\n");

        JsonNode live = cluster.json("get", "deployment", "web", "-n", ns, "--show-managed-fields");
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(entry(live, "kubectl").get("operation").asText()).isEqualTo("Apply");
        assertThat(entry(live, "kubectl").at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();
    }

    @Test
    void serverSideApplyOfAnInvalidObjectPrintsTheFieldError() throws Exception {
        String ns = cluster.newNamespace("ssa-invalid");

        Kubectl.Result r = cluster.run("apply", "--server-side", "-f",
                cluster.manifest("pod-invalid.yaml").toString(), "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("The Pod \"broken\" is invalid: spec.containers[0].image: Required value\n");
    }
}
