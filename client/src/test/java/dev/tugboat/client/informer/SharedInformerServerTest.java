package dev.tugboat.client.informer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.WriteOptions;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Informers against a real API server. */
class SharedInformerServerTest {

    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ObjectNode configMap(String name) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("name", name);
        o.putObject("data").put("k", "v");
        return o;
    }

    @Test
    void anInformerFollowsCreatesUpdatesAndDeletes() throws Exception {
        ResourceClient cms = server.client().resource(CONFIGMAPS);
        cms.create("default", configMap("before"));
        try (SharedInformer informer = new SharedInformer(cms, InformerOptions.ALL.withNamespace("default"),
                SystemClock.INSTANCE)) {
            SharedInformerTest.Recorder r = new SharedInformerTest.Recorder();
            HandlerRegistration reg = informer.addEventHandler(r);
            informer.start();
            assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
            Poll.until("handler synced", reg::hasSynced);
            assertThat(informer.cache().get(new ObjectKey("default", "before"))).isPresent();

            ObjectNode created = cms.create("default", configMap("after"));
            ObjectNode changed = created.deepCopy();
            ((ObjectNode) changed.get("data")).put("k", "2");
            ObjectNode updated = cms.update("default", changed);
            cms.delete("default", "after");

            java.util.List<String> lines = r.await(4);
            assertThat(lines.subList(1, 3)).containsExactly(
                    "add after@" + Meta.resourceVersion(created),
                    "update after@" + Meta.resourceVersion(created) + "->" + Meta.resourceVersion(updated));
            assertThat(lines.get(3)).startsWith("delete after@");
            Poll.until("the cache forgot it", () -> informer.cache().get(new ObjectKey("default", "after")).isEmpty());
        }
    }

    @Test
    void aMetadataInformerCachesOnlyMetadata() throws Exception {
        ResourceClient cms = server.client().resource(CONFIGMAPS);
        cms.create("default", configMap("meta-only"));
        try (InformerFactory factory = new InformerFactory(server.client(), SystemClock.INSTANCE)) {
            SharedInformer informer = factory.metadataInformer(CONFIGMAPS);
            assertThat(factory.metadataInformer(CONFIGMAPS)).as("shared").isSameAs(informer);
            factory.start();
            assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();

            ObjectNode cached = informer.cache().get(new ObjectKey("default", "meta-only")).orElseThrow();
            assertThat(cached.path("kind").asText()).isEqualTo("PartialObjectMetadata");
            assertThat(cached.has("data")).isFalse();
            assertThat(Meta.uid(cached)).isNotEmpty();
        }
    }

    @Test
    void anUpdateOfACachedCopyWithoutManagedFieldsKeepsTheServersManagedFields() throws Exception {
        ResourceClient cms = server.client().resource(CONFIGMAPS);
        cms.create("default", configMap("stripped"), WriteOptions.fieldManager("creator"));
        try (InformerFactory factory = new InformerFactory(server.client(), SystemClock.INSTANCE)) {
            SharedInformer informer = factory.informer(CONFIGMAPS);
            factory.start();
            assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
            ObjectNode cached = informer.cache().get(new ObjectKey("default", "stripped")).orElseThrow();
            assertThat(cached.path("metadata").has("managedFields")).as("stripped in the cache").isFalse();

            // A controller writes its cached copy back whole, with a change of its own.
            ObjectNode changed = cached.deepCopy();
            changed.withObjectProperty("data").put("added", "x");
            ObjectNode updated = cms.update("default", changed, WriteOptions.fieldManager("controller"));

            assertThat(updated.path("metadata").path("managedFields")).extracting(e -> e.path("manager").asText())
                    .containsExactlyInAnyOrder("creator", "controller");
            String creatorFields = cms.get("default", "stripped").path("metadata").path("managedFields")
                    .valueStream().filter(e -> e.path("manager").asText().equals("creator")).findFirst()
                    .orElseThrow().path("fieldsV1").toString();
            assertThat(creatorFields).contains("f:k");
        }
    }
}
