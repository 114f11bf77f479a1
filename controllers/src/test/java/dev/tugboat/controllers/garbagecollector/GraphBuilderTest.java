package dev.tugboat.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.queue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph builder's decisions, driven event by event without a server. */
class GraphBuilderTest {

    static final GroupVersionKind CONFIGMAP = new GroupVersionKind("", "v1", "ConfigMap");
    static final GroupVersionKind SECRET = new GroupVersionKind("", "v1", "Secret");
    static final GroupVersionKind NODE = new GroupVersionKind("", "v1", "Node");

    private final FakeClock clock = new FakeClock();
    private final WorkQueue<String> attemptToDelete = WorkQueue.withDefaultRateLimiter(clock);
    private final WorkQueue<String> attemptToOrphan = WorkQueue.withDefaultRateLimiter(clock);
    private final AbsentOwnerCache absent = new AbsentOwnerCache(10);
    private final List<String> events = new ArrayList<>();
    private final GraphBuilder graph = new GraphBuilder(attemptToDelete, attemptToOrphan, absent,
            (obj, type, reason, message) -> events.add(obj.name() + " " + type + " " + reason + ": " + message));

    /** Object metadata as a metadata informer delivers it. */
    static ObjectNode meta(String ns, String name, String uid) {
        ObjectNode o = Json.object();
        o.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        o.putObject("metadata").put("namespace", ns).put("name", name).put("uid", uid);
        return o;
    }

    static ObjectNode owned(ObjectNode obj, String apiVersion, String kind, String name, String uid, boolean block) {
        ObjectNode m = (ObjectNode) obj.get("metadata");
        ArrayNode refs = m.has("ownerReferences") ? (ArrayNode) m.get("ownerReferences") : m.putArray("ownerReferences");
        refs.addObject().put("apiVersion", apiVersion).put("kind", kind).put("name", name).put("uid", uid)
                .put("blockOwnerDeletion", block);
        return obj;
    }

    static ObjectNode deleting(ObjectNode obj, String... finalizers) {
        ObjectNode copy = obj.deepCopy();
        ObjectNode m = (ObjectNode) copy.get("metadata");
        m.put("deletionTimestamp", "2025-01-01T00:00:00Z");
        ArrayNode f = m.putArray("finalizers");
        for (String s : finalizers) {
            f.add(s);
        }
        return copy;
    }

    void add(GroupVersionKind kind, ObjectNode obj) {
        graph.process(new GraphEvent(GraphEvent.Type.ADD, obj, null, kind, false));
    }

    void update(GroupVersionKind kind, ObjectNode old, ObjectNode obj) {
        graph.process(new GraphEvent(GraphEvent.Type.UPDATE, obj, old, kind, false));
    }

    void delete(GroupVersionKind kind, ObjectNode obj) {
        graph.process(new GraphEvent(GraphEvent.Type.DELETE, obj, null, kind, false));
    }

    static List<String> drain(WorkQueue<String> q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        String k;
        while ((k = q.poll(Duration.ZERO)) != null) {
            out.add(k);
            q.done(k);
        }
        return out;
    }

    @Test
    void aDependentOfAnUnknownOwnerCreatesAVirtualOwnerToVerify() throws Exception {
        add(CONFIGMAP, owned(meta("ns", "dep", "d1"), "v1", "ConfigMap", "owner", "o1", false));

        Node owner = graph.node("o1").orElseThrow();
        assertThat(owner.isVirtual()).isTrue();
        assertThat(owner.isObserved()).isFalse();
        assertThat(owner.identity()).isEqualTo(new ObjectReference("v1", "ConfigMap", "owner", "o1", "ns"));
        assertThat(owner.dependents()).extracting(Node::uid).containsExactly("d1");
        assertThat(drain(attemptToDelete)).containsExactly("o1");
    }

    @Test
    void observingAVirtualOwnerFixesItsIdentityAndRechecksDependentsThatNamedItOtherwise() throws Exception {
        add(CONFIGMAP, owned(meta("ns", "dep", "d1"), "v1", "Secret", "owner", "o1", false));
        add(CONFIGMAP, owned(meta("ns", "dep2", "d2"), "v1", "ConfigMap", "owner", "o1", false));
        drain(attemptToDelete);

        add(CONFIGMAP, meta("ns", "owner", "o1"));

        Node owner = graph.node("o1").orElseThrow();
        assertThat(owner.isObserved()).isTrue();
        assertThat(owner.identity().kind()).isEqualTo("ConfigMap");
        assertThat(drain(attemptToDelete)).containsExactly("d1");
    }

    @Test
    void aDeletedOwnerSendsItsDependentsToTheCollectorAndIsRememberedAbsent() throws Exception {
        ObjectNode owner = meta("ns", "owner", "o1");
        add(CONFIGMAP, owner);
        add(SECRET, owned(meta("ns", "a", "d1"), "v1", "ConfigMap", "owner", "o1", true));
        add(SECRET, owned(meta("ns", "b", "d2"), "v1", "ConfigMap", "owner", "o1", false));
        assertThat(drain(attemptToDelete)).isEmpty();

        delete(CONFIGMAP, owner);

        assertThat(graph.node("o1")).isEmpty();
        assertThat(drain(attemptToDelete)).containsExactlyInAnyOrder("d1", "d2");
        assertThat(absent.has(new ObjectReference("v1", "ConfigMap", "owner", "o1", "ns"))).isTrue();
    }

    @Test
    void foregroundDeletionMarksTheOwnerAndQueuesItWithItsDependents() throws Exception {
        ObjectNode owner = meta("ns", "owner", "o1");
        add(CONFIGMAP, owner);
        add(SECRET, owned(meta("ns", "a", "d1"), "v1", "ConfigMap", "owner", "o1", true));

        update(CONFIGMAP, owner, deleting(owner, "foregroundDeletion"));

        Node o = graph.node("o1").orElseThrow();
        assertThat(o.isDeletingDependents()).isTrue();
        assertThat(o.isBeingDeleted()).isTrue();
        assertThat(o.blockingDependents()).extracting(Node::uid).containsExactly("d1");
        assertThat(drain(attemptToDelete)).containsExactly("d1", "o1");
        assertThat(drain(attemptToOrphan)).isEmpty();
    }

    @Test
    void orphanDeletionQueuesTheOwnerForOrphaningOnly() throws Exception {
        ObjectNode owner = meta("ns", "owner", "o1");
        add(CONFIGMAP, owner);
        add(SECRET, owned(meta("ns", "a", "d1"), "v1", "ConfigMap", "owner", "o1", true));

        update(CONFIGMAP, owner, deleting(owner, "orphan"));

        assertThat(drain(attemptToOrphan)).containsExactly("o1");
        assertThat(drain(attemptToDelete)).isEmpty();
    }

    @Test
    void anObjectFirstSeenWhileDeletingInTheForegroundStartsTheSameWay() throws Exception {
        add(CONFIGMAP, deleting(meta("ns", "owner", "o1"), "foregroundDeletion"));

        assertThat(graph.node("o1").orElseThrow().isDeletingDependents()).isTrue();
        assertThat(drain(attemptToDelete)).containsExactly("o1");
    }

    @Test
    void aDependentGoingAwayOrUnblockingReleasesAnOwnerWaitingInTheForeground() throws Exception {
        ObjectNode owner = meta("ns", "owner", "o1");
        add(CONFIGMAP, owner);
        ObjectNode a = owned(meta("ns", "a", "d1"), "v1", "ConfigMap", "owner", "o1", true);
        ObjectNode b = owned(meta("ns", "b", "d2"), "v1", "ConfigMap", "owner", "o1", true);
        add(SECRET, a);
        add(SECRET, b);
        update(CONFIGMAP, owner, deleting(owner, "foregroundDeletion"));
        drain(attemptToDelete);

        delete(SECRET, a);
        assertThat(drain(attemptToDelete)).containsExactly("o1");

        ObjectNode unblocked = owned(meta("ns", "b", "d2"), "v1", "ConfigMap", "owner", "o1", false);
        update(SECRET, b, unblocked);
        assertThat(drain(attemptToDelete)).containsExactly("o1");
        assertThat(graph.node("o1").orElseThrow().blockingDependents()).isEmpty();
    }

    @Test
    void droppingAnOwnerReferenceMovesTheDependentBetweenOwners() throws Exception {
        add(CONFIGMAP, meta("ns", "o1", "o1"));
        add(CONFIGMAP, meta("ns", "o2", "o2"));
        ObjectNode dep = owned(meta("ns", "d", "d1"), "v1", "ConfigMap", "o1", "o1", false);
        add(SECRET, dep);

        update(SECRET, dep, owned(meta("ns", "d", "d1"), "v1", "ConfigMap", "o2", "o2", false));

        assertThat(graph.node("o1").orElseThrow().dependents()).isEmpty();
        assertThat(graph.node("o2").orElseThrow().dependents()).extracting(Node::uid).containsExactly("d1");
    }

    @Test
    void aDependentInAnotherNamespaceThanItsObservedOwnerIsVerified() throws Exception {
        add(CONFIGMAP, meta("ns1", "owner", "o1"));

        add(SECRET, owned(meta("ns2", "dep", "d1"), "v1", "ConfigMap", "owner", "o1", false));

        assertThat(drain(attemptToDelete)).containsExactly("d1");
        assertThat(events).containsExactly("dep Warning OwnerRefInvalidNamespace: ownerRef [v1/ConfigMap, "
                + "namespace: ns2, name: owner, uid: o1] does not exist in namespace \"ns2\"");
    }

    @Test
    void aClusterScopedOwnerMayHaveDependentsInAnyNamespace() throws Exception {
        add(NODE, meta("", "n1", "o1"));

        add(SECRET, owned(meta("ns2", "dep", "d1"), "v1", "Node", "n1", "o1", false));

        assertThat(drain(attemptToDelete)).isEmpty();
    }

    @Test
    void aVirtualDeleteKeepsAVirtualOwnerThatOtherDependentsNameDifferently() throws Exception {
        add(CONFIGMAP, owned(meta("ns", "a", "d1"), "v1", "ConfigMap", "owner", "o1", false));
        add(CONFIGMAP, owned(meta("ns", "b", "d2"), "v1", "Secret", "owner", "o1", false));
        drain(attemptToDelete);

        graph.process(GraphBuilder.virtualDelete(new ObjectReference("v1", "ConfigMap", "owner", "o1", "ns")));

        Node owner = graph.node("o1").orElseThrow();
        assertThat(owner.identity().kind()).as("the alternate identity").isEqualTo("Secret");
        assertThat(absent.has(new ObjectReference("v1", "ConfigMap", "owner", "o1", "ns"))).isTrue();
        assertThat(drain(attemptToDelete)).containsExactly("d1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(drain(attemptToDelete)).as("the node itself, rate limited").containsExactly("o1");
    }

    @Test
    void aVirtualDeleteOfAnOwnerNobodyDisputesRemovesItAndQueuesTheDependents() throws Exception {
        add(CONFIGMAP, owned(meta("ns", "a", "d1"), "v1", "ConfigMap", "owner", "o1", false));
        drain(attemptToDelete);

        graph.process(GraphBuilder.virtualDelete(new ObjectReference("v1", "ConfigMap", "owner", "o1", "ns")));

        assertThat(graph.node("o1")).isEmpty();
        assertThat(drain(attemptToDelete)).containsExactly("d1");
    }

    @Test
    void aVirtualDeleteWithOtherCoordinatesThanAnObservedNodeLeavesIt() throws Exception {
        add(CONFIGMAP, meta("ns", "owner", "o1"));
        add(SECRET, owned(meta("ns", "a", "d1"), "v1", "Secret", "owner", "o1", false));
        drain(attemptToDelete);

        graph.process(GraphBuilder.virtualDelete(new ObjectReference("v1", "Secret", "owner", "o1", "ns")));

        assertThat(graph.node("o1")).isPresent();
        assertThat(drain(attemptToDelete)).containsExactly("d1");
    }
}
