package dev.tugboat.controllers.statefulset;

import static dev.tugboat.controllers.Json5.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.Revisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The StatefulSet update algorithm with a recording pod control: which pods it creates and deletes, in what order. */
class StatefulSetControlTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** Records the writes, as "create web-0", "delete web-2". */
    static class Recorder implements StatefulPodControl {
        final List<String> actions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void createStatefulPod(JsonNode set, ObjectNode pod) {
            actions.add("create " + Meta.name(pod));
        }

        @Override
        public void deleteStatefulPod(JsonNode set, JsonNode pod) {
            actions.add("delete " + Meta.name(pod));
        }

        @Override
        public void updateStatefulPod(JsonNode set, JsonNode pod) {
            actions.add("update " + Meta.name(pod));
        }

        @Override
        public void createMissingClaims(JsonNode set, JsonNode pod) {
        }

        @Override
        public boolean claimsMatchRetentionPolicy(JsonNode set, JsonNode pod) {
            return true;
        }

        @Override
        public void updateClaimsForRetentionPolicy(JsonNode set, JsonNode pod) {
        }
    }

    static ObjectNode set(int replicas, String policy, int partition, String image) {
        return obj("{'metadata':{'name':'web','namespace':'ns','uid':'u1','generation':1},"
                + "'spec':{'replicas':" + replicas + ",'podManagementPolicy':'" + policy + "',"
                + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'partition':" + partition + "}},"
                + "'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'" + image + "'}]}}}}");
    }

    static JsonNode revision(String name, ObjectNode set) {
        ObjectNode r = obj("{'metadata':{'name':'" + name + "'},'revision':1}");
        r.set("data", Revisions.templatePatch(set));
        return r;
    }

    /** A pod of the set at a revision: Running and Ready, or just Pending. */
    static JsonNode pod(ObjectNode set, int ordinal, String revision, boolean ready) {
        ObjectNode pod = StatefulPods.newPod(set, ordinal);
        ((ObjectNode) pod.at("/metadata/labels")).put("controller-revision-hash", revision);
        Meta.mutableMetadata(pod).put("uid", "pod-" + ordinal);
        pod.set("status", obj(ready
                ? "{'phase':'Running','conditions':[{'type':'Ready','status':'True','lastTransitionTime':'2025-01-01T00:00:00Z'}]}"
                : "{'phase':'Pending'}"));
        return pod;
    }

    static List<String> run(ObjectNode set, List<JsonNode> pods) {
        return run(set, revision("web-a", set), revision("web-a", set), pods);
    }

    static List<String> run(ObjectNode set, JsonNode current, JsonNode update, List<JsonNode> pods) {
        Recorder r = new Recorder();
        new StatefulSetControl(r).update(set, current, update, 0, pods, NOW);
        return r.actions;
    }

    @Test
    void orderedReadyCreatesTheFirstMissingPodAndStops() {
        ObjectNode set = set(3, "OrderedReady", 0, "nginx:1");
        assertThat(run(set, List.of())).containsExactly("create web-0");
        assertThat(run(set, List.of(pod(set, 0, "web-a", false)))).isEmpty();
        assertThat(run(set, List.of(pod(set, 0, "web-a", true)))).containsExactly("create web-1");
        assertThat(run(set, List.of(pod(set, 0, "web-a", true), pod(set, 1, "web-a", true))))
                .containsExactly("create web-2");
    }

    @Test
    void parallelCreatesEveryMissingPod() {
        ObjectNode set = set(3, "Parallel", 0, "nginx:1");
        assertThat(run(set, List.of())).containsExactlyInAnyOrder("create web-0", "create web-1", "create web-2");
    }

    @Test
    void scaleDownDeletesTheHighestOrdinalOnlyWhileTheRestIsHealthy() {
        ObjectNode set = set(1, "OrderedReady", 0, "nginx:1");
        List<JsonNode> three = List.of(pod(set, 0, "web-a", true), pod(set, 1, "web-a", true), pod(set, 2, "web-a", true));
        assertThat(run(set, three)).containsExactly("delete web-2");
        List<JsonNode> unhealthyMiddle = List.of(pod(set, 0, "web-a", true), pod(set, 1, "web-a", false),
                pod(set, 2, "web-a", true));
        // web-1 is the first unhealthy pod; web-2 is healthy, so it may still go.
        assertThat(run(set, unhealthyMiddle)).containsExactly("delete web-2");
        List<JsonNode> unhealthyFirst = List.of(pod(set, 0, "web-a", false), pod(set, 1, "web-a", true));
        assertThat(run(set, unhealthyFirst)).isEmpty();
        ObjectNode parallel = set(1, "Parallel", 0, "nginx:1");
        assertThat(run(parallel, three)).containsExactlyInAnyOrder("delete web-2", "delete web-1");
    }

    @Test
    void aFailedPodIsDeletedToBeRecreated() {
        ObjectNode set = set(2, "OrderedReady", 0, "nginx:1");
        ObjectNode failed = (ObjectNode) pod(set, 0, "web-a", false);
        ((ObjectNode) failed.get("status")).put("phase", "Failed");
        assertThat(run(set, List.of(failed, pod(set, 1, "web-a", true)))).containsExactly("delete web-0");
    }

    @Test
    void rollingUpdateGoesFromTheHighestOrdinalDownToThePartition() {
        ObjectNode old = set(3, "OrderedReady", 1, "nginx:1");
        ObjectNode set = set(3, "OrderedReady", 1, "nginx:2");
        JsonNode cur = revision("web-a", old);
        JsonNode upd = revision("web-b", set);
        List<JsonNode> allOld = List.of(pod(old, 0, "web-a", true), pod(old, 1, "web-a", true), pod(old, 2, "web-a", true));
        assertThat(run(set, cur, upd, allOld)).containsExactly("delete web-2");

        // web-2 is back at the update revision but not ready yet: wait.
        List<JsonNode> web2Pending = List.of(pod(old, 0, "web-a", true), pod(old, 1, "web-a", true),
                pod(set, 2, "web-b", false));
        assertThat(run(set, cur, upd, web2Pending)).isEmpty();

        List<JsonNode> web2Ready = List.of(pod(old, 0, "web-a", true), pod(old, 1, "web-a", true),
                pod(set, 2, "web-b", true));
        assertThat(run(set, cur, upd, web2Ready)).containsExactly("delete web-1");

        // Below the partition nothing is touched.
        List<JsonNode> done = List.of(pod(old, 0, "web-a", true), pod(set, 1, "web-b", true), pod(set, 2, "web-b", true));
        assertThat(run(set, cur, upd, done)).isEmpty();

        // A recreated pod below the partition is made at the current revision.
        Recorder r = new Recorder();
        List<ObjectNode> created = new ArrayList<>();
        new StatefulSetControl(new Recorder() {
            @Override
            public void createStatefulPod(JsonNode s, ObjectNode pod) {
                created.add(pod);
            }
        }).update(set, cur, upd, 0, List.of(pod(set, 1, "web-b", true), pod(set, 2, "web-b", true)), NOW);
        assertThat(created).hasSize(1);
        assertThat(created.get(0).at("/metadata/labels/controller-revision-hash").asText()).isEqualTo("web-a");
        assertThat(created.get(0).at("/spec/containers/0/image").asText()).isEqualTo("nginx:1");
        assertThat(r.actions).isEmpty();
    }

    @Test
    void onDeleteNeverDeletesForAnUpdate() {
        ObjectNode old = set(2, "OrderedReady", 0, "nginx:1");
        ObjectNode set = set(2, "OrderedReady", 0, "nginx:2");
        ((ObjectNode) set.at("/spec/updateStrategy")).put("type", "OnDelete");
        ((ObjectNode) set.at("/spec/updateStrategy")).remove("rollingUpdate");
        List<JsonNode> pods = List.of(pod(old, 0, "web-a", true), pod(old, 1, "web-a", true));
        assertThat(run(set, revision("web-a", old), revision("web-b", set), pods)).isEmpty();
    }

    @Test
    void statusCountsReplicasByRevisionAndReadiness() {
        ObjectNode old = set(3, "OrderedReady", 0, "nginx:1");
        ObjectNode set = set(3, "OrderedReady", 0, "nginx:2");
        List<JsonNode> pods = List.of(pod(old, 0, "web-a", true), pod(old, 1, "web-a", true), pod(set, 2, "web-b", false));
        StatefulSetStatus s = new StatefulSetControl(new Recorder())
                .update(set, revision("web-a", old), revision("web-b", set), 0, pods, NOW);
        assertThat(s.replicas).isEqualTo(3);
        assertThat(s.readyReplicas).isEqualTo(2);
        assertThat(s.availableReplicas).isEqualTo(2);
        assertThat(s.currentReplicas).isEqualTo(2);
        assertThat(s.updatedReplicas).isEqualTo(1);
        assertThat(s.currentRevision).isEqualTo("web-a");
        assertThat(s.updateRevision).isEqualTo("web-b");
        assertThat(s.observedGeneration).isEqualTo(1);
    }
}
