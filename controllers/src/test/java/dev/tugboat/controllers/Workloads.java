package dev.tugboat.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.StatusException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Workload objects for controller tests, and what a kubelet would do to their pods: no kubelet runs in
 * these tests, so pods are made Running and Ready by writing their status through {@code pods/status}.
 */
public final class Workloads {

    public static final GroupVersionResource REPLICA_SETS = new GroupVersionResource("apps", "v1", "replicasets");
    public static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    public static final GroupVersionResource REPLICATION_CONTROLLERS =
            new GroupVersionResource("", "v1", "replicationcontrollers");
    public static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");

    private Workloads() {
    }

    /** A pod template with these labels and one container of this image. */
    public static ObjectNode template(Map<String, String> labels, String image) {
        ObjectNode t = Json.object();
        ObjectNode l = t.putObject("metadata").putObject("labels");
        labels.forEach(l::put);
        t.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", image);
        return t;
    }

    public static ObjectNode replicaSet(String name, int replicas, Map<String, String> labels) {
        ObjectNode rs = Objects.named("apps/v1", "ReplicaSet", name);
        ObjectNode spec = rs.putObject("spec").put("replicas", replicas);
        ObjectNode ml = spec.putObject("selector").putObject("matchLabels");
        labels.forEach(ml::put);
        spec.set("template", template(labels, "nginx"));
        return rs;
    }

    public static ObjectNode replicationController(String name, int replicas, Map<String, String> labels) {
        ObjectNode rc = Objects.named("v1", "ReplicationController", name);
        ObjectNode spec = rc.putObject("spec").put("replicas", replicas);
        ObjectNode sel = spec.putObject("selector");
        labels.forEach(sel::put);
        spec.set("template", template(labels, "nginx"));
        return rc;
    }

    public static ObjectNode deployment(String name, int replicas, Map<String, String> labels, String image) {
        ObjectNode d = Objects.named("apps/v1", "Deployment", name);
        ObjectNode spec = d.putObject("spec").put("replicas", replicas);
        ObjectNode ml = spec.putObject("selector").putObject("matchLabels");
        labels.forEach(ml::put);
        spec.set("template", template(labels, image));
        return d;
    }

    /** A pod with these labels (no owner). */
    public static ObjectNode pod(String name, Map<String, String> labels) {
        ObjectNode p = Objects.pod(name);
        ObjectNode l = Meta.mutableMetadata(p).putObject("labels");
        labels.forEach(l::put);
        return p;
    }

    /** The namespace's pods, live from the API. */
    public static List<ObjectNode> pods(ApiClient api, String ns) {
        return api.resource(Objects.PODS).list(ns, ListOptions.ALL).items();
    }

    /** The pods of the namespace that are not being deleted. */
    public static List<ObjectNode> livePods(ApiClient api, String ns) {
        return pods(api, ns).stream().filter(p -> !Meta.isDeleting(p)).toList();
    }

    /** Makes a pod Running and Ready, as a kubelet would once its containers pass their probes. */
    public static void markReady(ApiClient api, JsonNode pod) {
        markReady(api, pod, Instant.now());
    }

    /** Makes a pod Running and Ready as if it had started, and become ready, at {@code since}. */
    public static void markReady(ApiClient api, JsonNode pod, Instant since) {
        try {
            api.resource(Objects.PODS).subresource("status").modify(Meta.namespace(pod), Meta.name(pod), cur -> {
                if ("Running".equals(cur.path("status").path("phase").asText())
                        && isReady(cur)) {
                    return null;
                }
                String at = Timestamps.format(since);
                ObjectNode status = cur.withObject("/status");
                status.put("phase", "Running").put("startTime", at);
                ArrayNode conditions = status.putArray("conditions");
                for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
                    conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", at);
                }
                return cur;
            });
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** Makes every live pod of the namespace Running and Ready; returns how many were not ready before. */
    public static int markAllReady(ApiClient api, String ns) {
        int n = 0;
        for (ObjectNode p : livePods(api, ns)) {
            if (!isReady(p)) {
                markReady(api, p);
                n++;
            }
        }
        return n;
    }

    public static boolean isReady(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    /** Whether {@code obj}'s controller reference names {@code owner}. */
    public static boolean controlledBy(JsonNode obj, JsonNode owner) {
        for (JsonNode r : Meta.ownerReferences(obj)) {
            if (r.path("controller").asBoolean(false) && Meta.uid(owner).equals(r.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The reasons and messages of the events about the named object, oldest first. */
    public static List<String> events(ApiClient api, String ns, String name) {
        return api.resource(EVENTS).list(ns, ListOptions.ALL).items().stream()
                .filter(e -> name.equals(e.path("involvedObject").path("name").asText()))
                .sorted(java.util.Comparator.comparing(e -> e.path("metadata").path("name").asText()))
                .map(e -> e.path("reason").asText() + " " + e.path("message").asText()).toList();
    }
}
