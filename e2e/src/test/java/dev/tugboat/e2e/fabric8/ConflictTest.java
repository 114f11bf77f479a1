package dev.tugboat.e2e.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tugboat.e2e.ServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Optimistic concurrency through fabric8: an update from a stale read is a 409 Conflict, and the
 * usual re-read-and-retry loop loses no one's change; edit and createOr work on the latest version.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConflictTest {

    private static final String NS = "conflict-e2e";

    private static ServerProcess server;
    private static KubernetesClient alice;
    private static KubernetesClient bob;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        alice = Clients.connect(server);
        bob = Clients.connect(server);
        Clients.createNamespace(alice, NS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (KubernetesClient c : new KubernetesClient[] {alice, bob}) {
            if (c != null) {
                c.close();
            }
        }
        if (server != null) {
            server.close();
            server.deleteData();
        }
    }

    @Test
    void anUpdateFromAStaleReadIsAConflictAndSucceedsAfterReReading() {
        create("shared");
        ConfigMap aliceCopy = alice.configMaps().inNamespace(NS).withName("shared").get();
        ConfigMap bobCopy = bob.configMaps().inNamespace(NS).withName("shared").get();
        assertThat(bobCopy.getMetadata().getResourceVersion()).isEqualTo(aliceCopy.getMetadata().getResourceVersion());

        aliceCopy.getData().put("from-alice", "1");
        ConfigMap afterAlice = alice.configMaps().inNamespace(NS).resource(aliceCopy).update();
        assertThat(afterAlice.getMetadata().getResourceVersion())
                .isNotEqualTo(aliceCopy.getMetadata().getResourceVersion());

        bobCopy.getData().put("from-bob", "1");
        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> bob.configMaps().inNamespace(NS).resource(bobCopy).update());
        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(conflict.getStatus().getMessage())
                .contains("configmaps \"shared\"", "the object has been modified");

        ConfigMap fresh = bob.configMaps().inNamespace(NS).withName("shared").get();
        fresh.getData().put("from-bob", "1");
        bob.configMaps().inNamespace(NS).resource(fresh).update();

        ConfigMap result = alice.configMaps().inNamespace(NS).withName("shared").get();
        assertThat(result.getData()).containsEntry("from-alice", "1").containsEntry("from-bob", "1");
    }

    @Test
    void concurrentReadModifyWriteLoopsLoseNoIncrement() throws Exception {
        create("counter");
        int writers = 4;
        int incrementsEach = 10;
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                KubernetesClient client = w % 2 == 0 ? alice : bob;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        incrementWithRetry(client);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
        ConfigMap result = alice.configMaps().inNamespace(NS).withName("counter").get();
        assertThat(result.getData()).containsEntry("count", Integer.toString(writers * incrementsEach));
    }

    /** The client-go RetryOnConflict pattern: read, modify, write; on 409 read again. */
    private static void incrementWithRetry(KubernetesClient client) {
        while (true) {
            ConfigMap cm = client.configMaps().inNamespace(NS).withName("counter").get();
            int count = Integer.parseInt(cm.getData().getOrDefault("count", "0"));
            cm.getData().put("count", Integer.toString(count + 1));
            try {
                client.configMaps().inNamespace(NS).resource(cm).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    @Test
    void editAppliesTheChangeToTheLatestVersion() {
        create("edited");
        ConfigMap stale = alice.configMaps().inNamespace(NS).withName("edited").get();
        bob.configMaps().inNamespace(NS).resource(new ConfigMapBuilder(stale).addToData("from-bob", "1").build())
                .update();
        // edit reads the current object itself, so Bob's change is kept.
        ConfigMap edited = alice.configMaps().inNamespace(NS).withName("edited")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("from-alice", "1").build());
        assertThat(edited.getData()).containsEntry("from-alice", "1").containsEntry("from-bob", "1");
        assertThat(Long.parseLong(edited.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(stale.getMetadata().getResourceVersion()));
    }

    @Test
    void createOrUpdateCreatesWhenMissingAndReplacesWhenPresent() {
        ConfigMap first = new ConfigMapBuilder().withNewMetadata().withName("create-or").endMetadata()
                .addToData("v", "1").build();
        ConfigMap created = alice.configMaps().inNamespace(NS).resource(first).createOr(NonDeletingOperation::update);
        assertThat(created.getData()).containsEntry("v", "1");
        assertThat(created.getMetadata().getUid()).isNotEmpty();

        ConfigMap second = new ConfigMapBuilder().withNewMetadata().withName("create-or").endMetadata()
                .addToData("v", "2").build();
        ConfigMap replaced = bob.configMaps().inNamespace(NS).resource(second).createOr(NonDeletingOperation::update);
        assertThat(replaced.getData()).containsExactlyEntriesOf(Map.of("v", "2"));
        assertThat(replaced.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        KubernetesClientException exists = catchThrowableOfType(KubernetesClientException.class,
                () -> alice.configMaps().inNamespace(NS).resource(second).create());
        assertThat(exists.getCode()).isEqualTo(409);
        assertThat(exists.getStatus().getReason()).isEqualTo("AlreadyExists");
    }

    private static void create(String name) {
        alice.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("seed", "1").build()).create();
    }
}
