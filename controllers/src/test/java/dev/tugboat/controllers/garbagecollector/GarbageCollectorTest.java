package dev.tugboat.controllers.garbagecollector;

import static dev.tugboat.controllers.Objects.CONFIGMAPS;
import static dev.tugboat.controllers.Objects.SECRETS;
import static dev.tugboat.controllers.Objects.configMap;
import static dev.tugboat.controllers.Objects.exists;
import static dev.tugboat.controllers.Objects.ownedBy;
import static dev.tugboat.controllers.Objects.secret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.PropagationPolicy;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.Watch;
import dev.tugboat.client.rest.WatchEvent;
import dev.tugboat.client.rest.WatchOptions;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The garbage collector against a real API server. */
class GarbageCollectorTest {

    static TestApiServer server;
    static GarbageCollector gc;
    static ResourceClient configMaps;
    static ResourceClient secrets;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        gc = new GarbageCollector(server.newClient("garbage-collector"), SystemClock.INSTANCE,
                GarbageCollectorConfig.defaults().withDiscoveryPeriod(Duration.ofMillis(500)));
        gc.start();
        Poll.until("the collector synced", gc::isSynced);
        configMaps = server.client().resource(CONFIGMAPS);
        secrets = server.client().resource(SECRETS);
    }

    @AfterAll
    static void stop() {
        gc.close();
        server.close();
    }

    static String namespace() {
        String ns = "gc" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    /** Records the DELETED events of one resource in one namespace, in the server's order. */
    static final class Deletions implements AutoCloseable {
        final List<String> names = Collections.synchronizedList(new ArrayList<>());
        private final Watch watch;
        private final Thread reader;

        Deletions(ResourceClient c, String ns) {
            String rv = c.list(ns, ListOptions.ALL).resourceVersion();
            watch = c.watch(ns, WatchOptions.DEFAULT.withResourceVersion(rv));
            reader = Thread.ofVirtual().start(() -> {
                WatchEvent e;
                while ((e = watch.next()) != null) {
                    if (e.type() == WatchEvent.Type.DELETED) {
                        names.add(Meta.name(e.object()));
                    }
                }
            });
        }

        List<String> await(int n) {
            Poll.until(n + " deletions, have " + names, () -> names.size() >= n);
            return List.copyOf(names);
        }

        @Override
        public void close() {
            watch.close();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void foregroundDeletionRemovesBlockingDependentsBeforeTheOwner() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        configMaps.create(ns, ownedBy(configMap("dep1"), owner, true));
        configMaps.create(ns, ownedBy(configMap("dep2"), owner, true));
        try (Deletions deletions = new Deletions(configMaps, ns)) {
            ObjectNode marked = configMaps.delete(ns, "owner", DeleteOptions.propagation(PropagationPolicy.Foreground));
            assertThat(Meta.finalizers(marked)).contains("foregroundDeletion");

            List<String> order = deletions.await(3);
            assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("dep1", "dep2");
            assertThat(order.get(2)).isEqualTo("owner");
        }
    }

    @Test
    void foregroundDeletionOfAChainGoesFromTheLeavesUp() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        ObjectNode child = configMaps.create(ns, ownedBy(configMap("child"), owner, true));
        configMaps.create(ns, ownedBy(configMap("grandchild"), child, true));
        try (Deletions deletions = new Deletions(configMaps, ns)) {
            configMaps.delete(ns, "owner", DeleteOptions.propagation(PropagationPolicy.Foreground));

            assertThat(deletions.await(3)).containsExactly("grandchild", "child", "owner");
        }
    }

    @Test
    void foregroundDeletionOfAnOwnerWithoutDependentsCompletes() {
        String ns = namespace();
        configMaps.create(ns, configMap("lonely"));

        configMaps.delete(ns, "lonely", DeleteOptions.propagation(PropagationPolicy.Foreground));

        Poll.until("the owner is gone", () -> !exists(configMaps, ns, "lonely"));
    }

    @Test
    void backgroundDeletionRemovesTheOwnerAtOnceAndTheDependentsAfterwards() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        configMaps.create(ns, ownedBy(configMap("dep"), owner, true));
        secrets.create(ns, ownedBy(secret("dep-secret"), owner, false));

        configMaps.delete(ns, "owner", DeleteOptions.propagation(PropagationPolicy.Background));

        assertThat(exists(configMaps, ns, "owner")).isFalse();
        Poll.until("the dependents are gone",
                () -> !exists(configMaps, ns, "dep") && !exists(secrets, ns, "dep-secret"));
    }

    @Test
    void orphanDeletionKeepsTheDependentsWithoutTheirReference() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        ObjectNode other = configMaps.create(ns, configMap("other-owner"));
        configMaps.create(ns, ownedBy(configMap("dep"), owner, true));
        secrets.create(ns, ownedBy(ownedBy(secret("dep-secret"), owner, false), other, false));

        configMaps.delete(ns, "owner", DeleteOptions.propagation(PropagationPolicy.Orphan));

        Poll.until("the owner is gone", () -> !exists(configMaps, ns, "owner"));
        assertThat(Meta.ownerReferences(configMaps.get(ns, "dep"))).isEmpty();
        assertThat(Meta.ownerReferences(secrets.get(ns, "dep-secret"))).extracting(r -> r.path("uid").asText())
                .containsExactly(Meta.uid(other));
    }

    @Test
    void aDependentOfAnOwnerThatNeverExistedIsDeleted() {
        String ns = namespace();
        configMaps.create(ns, ownedBy(configMap("orphan"), "v1", "ConfigMap", "ghost",
                "00000000-0000-0000-0000-000000000001"));

        Poll.until("the dependent is gone", () -> !exists(configMaps, ns, "orphan"));
    }

    @Test
    void aDanglingReferenceIsRemovedWhenAnotherOwnerRemains() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        configMaps.create(ns, ownedBy(ownedBy(configMap("dep"), owner, false), "v1", "Secret", "ghost",
                "00000000-0000-0000-0000-000000000002"));

        Poll.until("the dangling reference is removed", () -> Meta.ownerReferences(configMaps.get(ns, "dep")).size() == 1);
        assertThat(Meta.ownerReferences(configMaps.get(ns, "dep")).get(0).path("uid").asText())
                .isEqualTo(Meta.uid(owner));
    }

    @Test
    void aReferenceWithAnExistingUidButAnotherNameIsDangling() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        configMaps.create(ns, ownedBy(configMap("dep"), "v1", "ConfigMap", "not-the-owners-name", Meta.uid(owner)));

        Poll.until("the dependent is gone", () -> !exists(configMaps, ns, "dep"));
        assertThat(exists(configMaps, ns, "owner")).isTrue();
    }

    @Test
    void aReferenceWithAnExistingUidButAnotherKindIsDangling() {
        String ns = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        configMaps.create(ns, ownedBy(configMap("dep"), "v1", "Secret", "owner", Meta.uid(owner)));

        Poll.until("the dependent is gone", () -> !exists(configMaps, ns, "dep"));
        assertThat(exists(configMaps, ns, "owner")).isTrue();
    }

    @Test
    void aDependentInAnotherNamespaceThanItsOwnerIsCollected() {
        String ns = namespace();
        String otherNs = namespace();
        ObjectNode owner = configMaps.create(ns, configMap("owner"));
        configMaps.create(otherNs, ownedBy(configMap("dep"), owner, false));

        Poll.until("the cross-namespace dependent is gone", () -> !exists(configMaps, otherNs, "dep"));
        assertThat(exists(configMaps, ns, "owner")).isTrue();
        ResourceClient events = server.client().resource(new GroupVersionResource("", "v1", "events"));
        Poll.until("a warning event about it", () -> events.list(otherNs, ListOptions.ALL).items().stream()
                .anyMatch(e -> e.path("reason").asText().equals("OwnerRefInvalidNamespace")
                        && e.path("involvedObject").path("name").asText().equals("dep")
                        && e.path("type").asText().equals("Warning")));
    }

    @Test
    void aClusterScopedOwnerCollectsNamespacedDependents() {
        String ns = namespace();
        String ownerNs = namespace();
        ObjectNode nsOwner = server.client().resource(Objects.NAMESPACES).get("", ownerNs);
        configMaps.create(ns, ownedBy(configMap("dep"), nsOwner, false));
        ObjectNode deleting = server.client().resource(Objects.NAMESPACES).get("", ownerNs);
        assertThat(Meta.name(deleting)).isEqualTo(ownerNs);

        // The owner namespace goes away only once it is finalized; without the namespace controller in this
        // test, finish it by hand through the API, as a namespace controller would.
        server.client().resource(Objects.NAMESPACES).delete("", ownerNs);
        ObjectNode ns2 = server.client().resource(Objects.NAMESPACES).get("", ownerNs);
        ((ObjectNode) ns2.get("spec")).putArray("finalizers");
        server.client().resource(Objects.NAMESPACES).subresource("finalize").update("", ns2);

        Poll.until("the dependent of the deleted namespace is gone", () -> !exists(configMaps, ns, "dep"));
    }

    @Test
    void customResourcesAreMonitoredOnceTheirDefinitionAppears() {
        String ns = namespace();
        server.client().resource(Objects.CRDS).create("", Objects.crd("gc.example.com", "gadgets", "Gadget",
                "Namespaced"));
        GroupVersionResource gadgets = new GroupVersionResource("gc.example.com", "v1", "gadgets");
        Poll.until("the collector monitors gadgets", () -> gc.isSynced() && monitored(gadgets));
        ResourceClient client = server.client().resource(gadgets);
        ObjectNode owner = client.create(ns, Objects.named("gc.example.com/v1", "Gadget", "owner"));
        client.create(ns, ownedBy(Objects.named("gc.example.com/v1", "Gadget", "child"), owner, true));
        configMaps.create(ns, ownedBy(configMap("cm-child"), owner, true));

        client.delete(ns, "owner", DeleteOptions.propagation(PropagationPolicy.Foreground));

        Poll.until("the custom owner and its dependents are gone", () -> !exists(client, ns, "owner")
                && !exists(client, ns, "child") && !exists(configMaps, ns, "cm-child"));
    }

    private static boolean monitored(GroupVersionResource gvr) {
        return gc.monitoredResources().contains(gvr);
    }
}
