package dev.tugboat.e2e.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.ServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fabric8 SharedIndexInformer against a real server process: initial list, then watch events
 * in order, a converging cache and index — and after the server is stopped and started again on
 * the same data and port, a reconnect with no help from the test (issue "Done when" item 2).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InformerTest {

    private static final String NS = "informer-e2e";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private ServerProcess server;
    private KubernetesClient client;
    private SharedIndexInformer<ConfigMap> informer;

    @AfterEach
    void cleanUp() throws Exception {
        if (informer != null) {
            informer.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
            server.deleteData();
        }
    }

    @Test
    void anInformerListsWatchesAndReconnectsByItselfWhenTheServerRestarts() throws Exception {
        server = ServerProcess.start();
        client = Clients.connect(server);
        Clients.createNamespace(client, NS);
        create("before-1", "red", "1");
        create("before-2", "blue", "1");

        // 1. Initial list: one ADD per existing object, and a synced cache.
        RecordingHandler handler = new RecordingHandler();
        informer = client.configMaps().inNamespace(NS).runnableInformer(0);
        informer.addIndexers(Map.of("color", cm -> List.of(color(cm))));
        informer.addEventHandler(handler);
        informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(handler.events()).containsExactlyInAnyOrder("ADD before-1 v=1", "ADD before-2 v=1"));
        assertThat(cachedNames()).containsExactlyInAnyOrder("before-1", "before-2");

        // 2. Watch: add, update and delete of one object arrive in that order, and the cache follows.
        int mark = handler.mark();
        create("live", "red", "1");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(informer.getStore().getByKey(NS + "/live")).isNotNull());
        assertThat(names(informer.getIndexer().byIndex("color", "red"))).containsExactlyInAnyOrder("before-1", "live");
        client.configMaps().inNamespace(NS).withName("live")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(informer.getStore().getByKey(NS + "/live").getData()).containsEntry("v", "2"));
        client.configMaps().inNamespace(NS).withName("live").delete();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(handler.about("live", mark)).containsExactly("ADD live v=1", "UPDATE live v=1->2",
                        "DELETE live"));
        assertThat(handler.since(mark)).hasSize(3);
        assertThat(cachedNames()).containsExactlyInAnyOrder("before-1", "before-2");
        assertThat(names(informer.getIndexer().byIndex("color", "red"))).containsExactly("before-1");

        // 3. Restart on the same data and port: the informer notices the loss, then reconnects itself.
        Path data = server.dataDir();
        int port = server.port();
        server.stop();
        await().atMost(PATIENCE).until(() -> !informer.isWatching());
        server = ServerProcess.startOnPort(data, port);
        int afterRestart = handler.mark();
        create("after", "red", "1");
        client.configMaps().inNamespace(NS).withName("before-2").delete();
        client.configMaps().inNamespace(NS).withName("before-1")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(handler.about("after", afterRestart)).containsExactly("ADD after v=1");
            assertThat(handler.about("before-2", afterRestart)).containsExactly("DELETE before-2");
            assertThat(handler.about("before-1", afterRestart)).containsExactly("UPDATE before-1 v=1->2");
        });
        assertThat(handler.since(afterRestart)).hasSize(3);
        assertThat(cachedNames()).containsExactlyInAnyOrder("before-1", "after");
        assertThat(informer.getStore().getByKey(NS + "/before-1").getData()).containsEntry("v", "2");
        assertThat(names(informer.getIndexer().byIndex("color", "red"))).containsExactlyInAnyOrder("before-1", "after");

        // 4. The re-established watch is live: a later change arrives as a single event. Only then is
        // isWatching() certain: fabric8 counts an HTTP watch as started once it has delivered bytes, and
        // when the relist after the restart already saw every change above, the new watch (like one on
        // upstream's apiserver) stays silent until the next event or its first bookmark a minute later.
        int live = handler.mark();
        create("after-2", "blue", "1");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.since(live)).containsExactly("ADD after-2 v=1"));
        assertThat(cachedNames()).containsExactlyInAnyOrder("before-1", "after", "after-2");
        await().atMost(PATIENCE).until(informer::isWatching);
    }

    private void create(String name, String color, String version) {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .addToLabels("color", color).endMetadata().addToData("v", version).build()).create();
    }

    private List<String> cachedNames() {
        return names(informer.getStore().list());
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }

    private static String color(ConfigMap cm) {
        Map<String, String> labels = cm.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault("color", "");
    }
}
