package dev.tugboat.e2e.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.ServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fabric8 with its default configuration: watches are requested with {@code Upgrade: websocket}, as
 * kube-apiserver serves them (one watch event per WebSocket message).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebSocketWatchTest {

    @Test
    void anInformerWithDefaultSettingsSyncsAndSeesChanges() throws Exception {
        try (ServerProcess server = ServerProcess.start();
             KubernetesClient client = Clients.connectWithDefaultWatches(server)) {
            try {
                Clients.createNamespace(client, "ws-e2e");
                RecordingHandler handler = new RecordingHandler();
                try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("ws-e2e")
                        .runnableInformer(0)) {
                    informer.addEventHandler(handler);
                    informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    client.configMaps().inNamespace("ws-e2e").resource(new ConfigMapBuilder().withNewMetadata()
                            .withName("over-ws").endMetadata().addToData("v", "1").build()).create();
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(handler.events()).containsExactly("ADD over-ws v=1"));
                }
            } finally {
                server.close();
                server.deleteData();
            }
        }
    }
}
