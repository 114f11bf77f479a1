package dev.tugboat.controllers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.time.Instant;

/**
 * Stands in for the kubelet in controller tests (no scheduler or kubelet runs there): writes a pod's
 * {@code status} through {@code pods/status} the way a kubelet would report it.
 */
public final class Kubelet {

    public static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");

    private final ResourceClient podStatus;
    private final ResourceClient pods;

    public Kubelet(ApiClient api) {
        this.pods = api.resource(Objects.PODS);
        this.podStatus = pods.subresource("status");
    }

    /** Running, with PodScheduled, Initialized, ContainersReady and Ready True since now. */
    public void markRunningAndReady(String ns, String name) {
        setStatus(ns, name, "Running", true);
    }

    /** Running but not Ready. */
    public void markRunning(String ns, String name) {
        setStatus(ns, name, "Running", false);
    }

    /** Failed (every container exited with an error). */
    public void markFailed(String ns, String name) {
        setStatus(ns, name, "Failed", false);
    }

    /** Marks every pod of the namespace that is not yet Ready (and not being deleted) Running and Ready. */
    public int markAllRunningAndReady(String ns) {
        int n = 0;
        for (ObjectNode pod : pods.list(ns, ListOptions.ALL).items()) {
            if (!Meta.isDeleting(pod) && !"Running".equals(pod.path("status").path("phase").asText())) {
                markRunningAndReady(ns, Meta.name(pod));
                n++;
            }
        }
        return n;
    }

    private void setStatus(String ns, String name, String phase, boolean ready) {
        String now = Timestamps.format(Instant.now());
        try {
            podStatus.modify(ns, name, pod -> {
                // Keep what the API server set (qosClass is immutable).
                ObjectNode status = pod.get("status") instanceof ObjectNode st ? st : pod.putObject("status");
                status.put("phase", phase);
                status.put("startTime", now);
                ArrayNode conditions = status.putArray("conditions");
                condition(conditions, "PodScheduled", true, now);
                condition(conditions, "Initialized", true, now);
                condition(conditions, "ContainersReady", ready, now);
                condition(conditions, "Ready", ready, now);
                return pod;
            });
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private static void condition(ArrayNode conditions, String type, boolean status, String now) {
        conditions.addObject().put("type", type).put("status", status ? "True" : "False")
                .put("lastTransitionTime", now);
    }

    /** A Node with labels and taints ({@code key=value:Effect}). */
    public static ObjectNode node(String name, java.util.Map<String, String> labels, String... taints) {
        ObjectNode node = Objects.named("v1", "Node", name);
        ObjectNode l = Meta.mutableMetadata(node).putObject("labels");
        labels.forEach(l::put);
        ObjectNode spec = node.putObject("spec");
        if (taints.length > 0) {
            ArrayNode ts = spec.putArray("taints");
            for (String t : taints) {
                String[] kv = t.split(":", 2);
                String[] keyValue = kv[0].split("=", 2);
                ObjectNode taint = ts.addObject().put("key", keyValue[0]).put("effect", kv[1]);
                if (keyValue.length > 1) {
                    taint.put("value", keyValue[1]);
                }
            }
        }
        return node;
    }
}
