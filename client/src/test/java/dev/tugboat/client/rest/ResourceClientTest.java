package dev.tugboat.client.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.testing.TestApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST verbs against a real API server. */
class ResourceClientTest {

    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");

    static TestApiServer server;
    static ResourceClient configMaps;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        configMaps = server.client().resource(CONFIGMAPS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh namespace per test. */
    static String namespace() {
        String ns = "t" + SEQ.incrementAndGet();
        ObjectNode o = Json.object();
        o.putObject("metadata").put("name", ns);
        server.client().resource(NAMESPACES).create("", o);
        return ns;
    }

    static ObjectNode configMap(String name, String... labels) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = o.putObject("metadata").put("name", name);
        ObjectNode l = meta.putObject("labels");
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        o.putObject("data").put("k", "v");
        return o;
    }

    @Test
    void createGetUpdateAndDeleteRoundTrip() {
        String ns = namespace();
        ObjectNode created = configMaps.create(ns, configMap("a"));
        assertThat(Meta.uid(created)).isNotEmpty();
        assertThat(Meta.namespace(created)).isEqualTo(ns);

        ObjectNode got = configMaps.get(ns, "a");
        ((ObjectNode) got.get("data")).put("k", "changed");
        ObjectNode updated = configMaps.update(ns, got);
        assertThat(updated.path("data").path("k").asText()).isEqualTo("changed");
        assertThat(Meta.resourceVersion(updated)).isNotEqualTo(Meta.resourceVersion(created));

        ObjectNode status = configMaps.delete(ns, "a");
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("details").path("uid").asText()).isEqualTo(Meta.uid(created));
        assertThatThrownBy(() -> configMaps.get(ns, "a")).isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.isNotFound()).isTrue();
            assertThat(e.reason()).isEqualTo("NotFound");
            assertThat(e.getMessage()).isEqualTo("configmaps \"a\" not found");
            assertThat(e.status().details().name()).isEqualTo("a");
        });
    }

    @Test
    void errorsCarryTheServersStatus() {
        String ns = namespace();
        configMaps.create(ns, configMap("a"));

        assertThatThrownBy(() -> configMaps.create(ns, configMap("a")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.isAlreadyExists()).isTrue();
                    assertThat(e.isConflict()).isFalse();
                });
        ObjectNode stale = configMaps.get(ns, "a");
        ObjectNode newer = stale.deepCopy();
        ((ObjectNode) newer.get("data")).put("k", "newer");
        configMaps.update(ns, newer);
        ((ObjectNode) stale.get("data")).put("k", "x");
        assertThatThrownBy(() -> configMaps.update(ns, stale)).isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.isConflict()).isTrue();
            assertThat(e.getMessage()).contains("the object has been modified");
        });
        ObjectNode bad = configMap("Not_Valid");
        assertThatThrownBy(() -> configMaps.create(ns, bad)).isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.isInvalid()).isTrue();
            assertThat(e.status().details().causes()).isNotEmpty();
        });
    }

    @Test
    void listsFilterBySelectorsAndPageWithContinueTokens() {
        String ns = namespace();
        for (int i = 0; i < 5; i++) {
            configMaps.create(ns, configMap("cm" + i, "app", i % 2 == 0 ? "web" : "db"));
        }

        ObjectList web = configMaps.list(ns, ListOptions.ALL.withLabelSelector("app=web"));
        assertThat(web.items()).extracting(Meta::name).containsExactly("cm0", "cm2", "cm4");
        ObjectList byName = configMaps.list(ns, ListOptions.ALL.withFieldSelector("metadata.name=cm3"));
        assertThat(byName.items()).extracting(Meta::name).containsExactly("cm3");

        ObjectList page1 = configMaps.list(ns, ListOptions.ALL.withLimit(2));
        assertThat(page1.items()).hasSize(2);
        assertThat(page1.continueToken()).isNotEmpty();
        ObjectList all = configMaps.listAll(ns, ListOptions.ALL.withLimit(2));
        assertThat(all.items()).extracting(Meta::name).containsExactly("cm0", "cm1", "cm2", "cm3", "cm4");
        assertThat(all.resourceVersion()).isEqualTo(page1.resourceVersion());
    }

    @Test
    void watchStreamsChangesFromAResourceVersionAndEndsAtItsTimeout() {
        String ns = namespace();
        ObjectList start = configMaps.list(ns, ListOptions.ALL);
        List<WatchEvent> events = new ArrayList<>();
        try (Watch w = configMaps.watch(ns, WatchOptions.DEFAULT.withResourceVersion(start.resourceVersion())
                .withTimeoutSeconds(2))) {
            configMaps.create(ns, configMap("a"));
            ObjectNode a = configMaps.get(ns, "a");
            ((ObjectNode) a.get("data")).put("k", "2");
            configMaps.update(ns, a);
            configMaps.delete(ns, "a");
            WatchEvent e;
            while ((e = w.next()) != null) {
                events.add(e);
            }
        }
        assertThat(events).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.ADDED,
                WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
        assertThat(events.get(1).object().path("data").path("k").asText()).isEqualTo("2");
    }

    @Test
    void closingAWatchFromAnotherThreadEndsABlockedRead() throws Exception {
        String ns = namespace();
        Watch w = configMaps.watch(ns, WatchOptions.DEFAULT.withResourceVersion(
                configMaps.list(ns, ListOptions.ALL).resourceVersion()));
        WatchEvent[] got = {new WatchEvent(WatchEvent.Type.ERROR, Json.object())};
        Thread reader = Thread.ofVirtual().start(() -> got[0] = w.next());
        Thread.sleep(100); // let the reader block: the point of the test is a read already waiting

        w.close();
        reader.join(java.time.Duration.ofSeconds(10));

        assertThat(reader.isAlive()).isFalse();
        assertThat(got[0]).isNull();
    }

    @Test
    void metadataOnlyAnswersWithPartialObjectMetadata() {
        String ns = namespace();
        configMaps.create(ns, configMap("a", "app", "web"));
        ResourceClient meta = configMaps.metadataOnly();

        ObjectNode one = meta.get(ns, "a");
        assertThat(one.path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(one.has("data")).isFalse();
        assertThat(Meta.labels(one)).containsEntry("app", "web");

        ObjectList list = meta.list(ns, ListOptions.ALL);
        assertThat(list.items()).singleElement().satisfies(o -> {
            assertThat(o.path("kind").asText()).isEqualTo("PartialObjectMetadata");
            assertThat(o.has("data")).isFalse();
        });
        try (Watch w = meta.watch(ns, WatchOptions.DEFAULT.withTimeoutSeconds(1))) {
            WatchEvent e = w.next();
            assertThat(e.type()).isEqualTo(WatchEvent.Type.ADDED);
            assertThat(e.object().path("kind").asText()).isEqualTo("PartialObjectMetadata");
            assertThat(e.object().has("data")).isFalse();
        }
    }

    @Test
    void everyPatchTypeApplies() {
        String ns = namespace();
        configMaps.create(ns, configMap("a"));

        ObjectNode merge = Json.object();
        merge.putObject("data").put("m", "1");
        assertThat(configMaps.patch(ns, "a", PatchType.MERGE, merge).path("data").path("m").asText()).isEqualTo("1");

        ArrayNode json = Json.MAPPER.createArrayNode();
        json.addObject().put("op", "add").put("path", "/data/j").put("value", "2");
        assertThat(configMaps.patch(ns, "a", PatchType.JSON, json).path("data").path("j").asText()).isEqualTo("2");

        ObjectNode strategic = Json.object();
        strategic.putObject("metadata").putObject("labels").put("s", "3");
        assertThat(Meta.labels(configMaps.patch(ns, "a", PatchType.STRATEGIC, strategic))).containsEntry("s", "3");

        ObjectNode apply = configMap("a");
        ((ObjectNode) apply.get("data")).removeAll().put("applied", "4");
        ObjectNode applied = configMaps.patch(ns, "a", PatchType.APPLY, apply, WriteOptions.fieldManager("tests"));
        assertThat(applied.path("data").path("applied").asText()).isEqualTo("4");
        assertThat(applied.path("metadata").path("managedFields").toString()).contains("\"manager\":\"tests\"");
    }

    @Test
    void deletePreconditionsAndPropagationPoliciesReachTheServer() {
        String ns = namespace();
        ObjectNode a = configMaps.create(ns, configMap("a"));

        assertThatThrownBy(() -> configMaps.delete(ns, "a", DeleteOptions.DEFAULT.withPreconditionUid("wrong")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.isConflict()).isTrue();
                    assertThat(e.getMessage()).contains("Precondition failed: UID in precondition: wrong");
                });
        ObjectNode pending = configMaps.delete(ns, "a", DeleteOptions.propagation(PropagationPolicy.Orphan)
                .withPreconditionUid(Meta.uid(a)));
        assertThat(Meta.isDeleting(pending)).isTrue();
        assertThat(Meta.finalizers(pending)).containsExactly("orphan");
    }

    @Test
    void deleteCollectionRemovesWhatTheSelectorMatches() {
        String ns = namespace();
        configMaps.create(ns, configMap("a", "x", "1"));
        configMaps.create(ns, configMap("b", "x", "2"));

        ObjectNode deleted = configMaps.deleteCollection(ns, ListOptions.ALL.withLabelSelector("x=1"),
                DeleteOptions.propagation(PropagationPolicy.Background));

        assertThat(deleted.path("items")).hasSize(1);
        assertThat(configMaps.list(ns, ListOptions.ALL).items()).extracting(Meta::name).containsExactly("b");
    }

    @Test
    void subresourcesAreAddressedByName() {
        String ns = namespace();
        ObjectNode nsObj = server.client().resource(NAMESPACES).get("", ns);
        ObjectNode status = nsObj.deepCopy();
        ((ObjectNode) status.get("status")).putArray("conditions").addObject().put("type", "Test")
                .put("status", "True");

        ObjectNode updated = server.client().resource(NAMESPACES).subresource("status").update("", status);

        assertThat(updated.path("status").path("conditions").get(0).path("type").asText()).isEqualTo("Test");
        assertThatThrownBy(() -> server.client().resource(NAMESPACES).subresource("status").list("", ListOptions.ALL))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void modifyRetriesOnConflictWithAFreshRead() {
        String ns = namespace();
        configMaps.create(ns, configMap("a"));
        AtomicInteger calls = new AtomicInteger();

        ObjectNode result = configMaps.modify(ns, "a", cm -> {
            if (calls.incrementAndGet() == 1) {
                // Someone else writes between our read and our write.
                ObjectNode other = configMaps.get(ns, "a");
                ((ObjectNode) other.get("data")).put("other", "yes");
                configMaps.update(ns, other);
            }
            ((ObjectNode) cm.get("data")).put("mine", "yes");
            return cm;
        });

        assertThat(calls.get()).isEqualTo(2);
        JsonNode data = result.path("data");
        assertThat(data.path("other").asText()).isEqualTo("yes");
        assertThat(data.path("mine").asText()).isEqualTo("yes");
    }

    @Test
    void resourcesOfNamedGroupsUseTheirApisPath() {
        String ns = namespace();
        ResourceClient deployments = server.client().resource(DEPLOYMENTS);
        assertThat(deployments.path(ns, "d")).isEqualTo("/apis/apps/v1/namespaces/" + ns + "/deployments/d");
        assertThat(deployments.list(ns, ListOptions.ALL).items()).isEmpty();
        assertThat(server.client().resource(PODS).subresource("status").path("n", "p"))
                .isEqualTo("/api/v1/namespaces/n/pods/p/status");
    }

    @Test
    void anUnreachableServerIsATransportError() {
        try (ApiClient dead = ApiClient.create(ClientConfig.forUrl("http://127.0.0.1:1", "t"))) {
            assertThatThrownBy(() -> dead.resource(CONFIGMAPS).get("default", "x"))
                    .isInstanceOf(TransportException.class);
        }
    }
}
