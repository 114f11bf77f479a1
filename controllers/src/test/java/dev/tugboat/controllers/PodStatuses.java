package dev.tugboat.controllers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.rest.ApiClient;
import java.time.Instant;

/** Plays the kubelet in tests: sets a pod's IP, phase and readiness through {@code pods/status}. */
public final class PodStatuses {

    private PodStatuses() {
    }

    /** Running with the given IP, Ready or not (the Ready condition moves only when readiness changes). */
    public static ObjectNode running(ApiClient api, String ns, String name, String ip, boolean ready) {
        return api.resource(Objects.PODS).subresource("status").modify(ns, name, pod -> {
            ObjectNode status = pod.withObjectProperty("status");
            status.put("phase", "Running").put("podIP", ip);
            status.putArray("podIPs").addObject().put("ip", ip);
            ArrayNode conditions = status.withArrayProperty("conditions");
            String want = ready ? "True" : "False";
            for (var c : conditions) {
                if ("Ready".equals(c.path("type").asText())) {
                    if (!want.equals(c.path("status").asText())) {
                        ((ObjectNode) c).put("status", want).put("lastTransitionTime", Timestamps.format(Instant.now()));
                    }
                    return pod;
                }
            }
            conditions.addObject().put("type", "Ready").put("status", want)
                    .put("lastTransitionTime", Timestamps.format(Instant.now()));
            return pod;
        });
    }
}
