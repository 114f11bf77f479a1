package dev.tugboat.scheduler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import java.util.Map;

/** Builders of pod and node JSON for tests. */
public final class Objects {

    private Objects() {
    }

    /** A node with allocatable = capacity of cpu, memory and pods, labelled with its hostname. */
    public static ObjectNode node(String name, String cpu, String memory, int pods) {
        ObjectNode n = Json.object();
        n.put("apiVersion", "v1").put("kind", "Node");
        n.putObject("metadata").put("name", name).putObject("labels").put("kubernetes.io/hostname", name);
        n.putObject("spec");
        ObjectNode status = n.putObject("status");
        for (String k : new String[] {"capacity", "allocatable"}) {
            status.putObject(k).put("cpu", cpu).put("memory", memory).put("pods", String.valueOf(pods))
                    .put("ephemeral-storage", "100Gi");
        }
        return n;
    }

    public static ObjectNode label(ObjectNode obj, String key, String value) {
        ((ObjectNode) obj.get("metadata")).with("labels").put(key, value);
        return obj;
    }

    /** Adds an owner reference with {@code controller: true}. */
    public static ObjectNode controlledBy(ObjectNode obj, String apiVersion, String kind, String name) {
        ((ObjectNode) obj.get("metadata")).putArray("ownerReferences").addObject().put("apiVersion", apiVersion)
                .put("kind", kind).put("name", name).put("uid", "uid-" + name).put("controller", true);
        return obj;
    }

    public static ObjectNode taint(ObjectNode node, String key, String value, String effect) {
        ObjectNode spec = (ObjectNode) node.get("spec");
        ArrayNode taints = spec.has("taints") ? (ArrayNode) spec.get("taints") : spec.putArray("taints");
        taints.addObject().put("key", key).put("value", value).put("effect", effect);
        return node;
    }

    /** A pod in {@code ns} with one container requesting cpu and memory (null for none). */
    public static ObjectNode pod(String ns, String name, String cpu, String memory) {
        ObjectNode p = Json.object();
        p.put("apiVersion", "v1").put("kind", "Pod");
        p.putObject("metadata").put("name", name).put("namespace", ns).put("uid", "uid-" + name)
                .put("creationTimestamp", "2024-01-01T00:00:00Z");
        ObjectNode spec = p.putObject("spec");
        spec.put("schedulerName", "default-scheduler");
        ObjectNode c = spec.putArray("containers").addObject().put("name", "c").put("image", "nginx");
        ObjectNode requests = c.putObject("resources").putObject("requests");
        if (cpu != null) {
            requests.put("cpu", cpu);
        }
        if (memory != null) {
            requests.put("memory", memory);
        }
        return p;
    }

    public static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    /** Parses JSON into a node spec fragment, e.g. {@code json("{\"a\":1}")}. */
    public static ObjectNode json(String s) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static NodeInfo nodeInfo(ObjectNode node, PodInfo... pods) {
        NodeInfo n = new NodeInfo("");
        n.setNode(node);
        for (PodInfo p : pods) {
            n.addPod(p.nodeName().isEmpty() ? p.withNodeName(n.name()) : p);
        }
        return n;
    }

    public static PodInfo podInfo(ObjectNode pod) {
        return PodInfo.from(pod);
    }

    public static Map<String, String> labels(String... kv) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
