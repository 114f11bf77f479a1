package dev.tugboat.apiserver.registry.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.apiserver.registry.VersionConverter;
import java.io.IOException;



/**
 * {@code autoscaling/v1} HorizontalPodAutoscalers served from autoscaling/v2 storage, as upstream:
 * the CPU utilization target maps to {@code targetCPUUtilizationPercentage}; everything v1 cannot
 * express (other metrics, behavior, conditions, current metrics) travels in
 * {@code autoscaling.alpha.kubernetes.io/*} annotations so a v1 round trip loses nothing.
 */
public final class HpaConversion implements VersionConverter {

    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";

    @Override
    public ObjectNode toServed(ObjectNode v2) {
        ObjectNode v1 = Json.object();
        v1.put("apiVersion", "autoscaling/v1");
        v1.put("kind", "HorizontalPodAutoscaler");
        ObjectNode meta = v2.path("metadata").deepCopy();
        v1.set("metadata", meta);
        JsonNode spec = v2.path("spec");
        ObjectNode s1 = v1.putObject("spec");
        copy(spec, s1, "scaleTargetRef", "minReplicas", "maxReplicas");
        ArrayNode others = Json.MAPPER.createArrayNode();
        for (JsonNode m : spec.path("metrics")) {
            if (isCpuUtilization(m) && !s1.has("targetCPUUtilizationPercentage")) {
                s1.put("targetCPUUtilizationPercentage", m.path("resource").path("target").path("averageUtilization").asInt());
            } else {
                others.add(m);
            }
        }
        annotate(meta, METRICS, others.isEmpty() ? null : others);
        annotate(meta, BEHAVIOR, spec.get("behavior"));
        JsonNode status = v2.path("status");
        if (!status.isMissingNode()) {
            ObjectNode st1 = v1.putObject("status");
            copy(status, st1, "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas");
            if (!st1.has("currentReplicas")) {
                st1.put("currentReplicas", 0);
            }
            if (!st1.has("desiredReplicas")) {
                st1.put("desiredReplicas", 0);
            }
            ArrayNode otherCurrent = Json.MAPPER.createArrayNode();
            for (JsonNode m : status.path("currentMetrics")) {
                JsonNode util = m.path("resource").path("current").path("averageUtilization");
                if (m.path("type").asText().equals("Resource") && m.path("resource").path("name").asText().equals("cpu")
                        && util.isNumber() && !st1.has("currentCPUUtilizationPercentage")) {
                    st1.put("currentCPUUtilizationPercentage", util.asInt());
                } else {
                    otherCurrent.add(m);
                }
            }
            annotate(meta, CURRENT_METRICS, otherCurrent.isEmpty() ? null : otherCurrent);
            JsonNode conds = status.get("conditions");
            annotate(meta, CONDITIONS, conds == null || conds.isEmpty() ? null : conds);
        }
        cleanAnnotations(meta);
        return v1;
    }

    @Override
    public ObjectNode toStorage(ObjectNode v1) {
        ObjectNode v2 = Json.object();
        v2.put("apiVersion", "autoscaling/v2");
        v2.put("kind", "HorizontalPodAutoscaler");
        ObjectNode meta = v1.path("metadata").deepCopy();
        v2.set("metadata", meta);
        JsonNode spec = v1.path("spec");
        ObjectNode s2 = v2.putObject("spec");
        copy(spec, s2, "scaleTargetRef", "minReplicas", "maxReplicas");
        ArrayNode metrics = s2.putArray("metrics");
        if (spec.has("targetCPUUtilizationPercentage")) {
            ObjectNode m = metrics.addObject();
            m.put("type", "Resource");
            ObjectNode r = m.putObject("resource");
            r.put("name", "cpu");
            r.putObject("target").put("type", "Utilization")
                    .put("averageUtilization", spec.path("targetCPUUtilizationPercentage").asInt());
        }
        JsonNode extra = fromAnnotation(meta, METRICS);
        if (extra != null && extra.isArray()) {
            extra.forEach(metrics::add);
        }
        if (metrics.isEmpty()) {
            s2.remove("metrics");
        }
        JsonNode behavior = fromAnnotation(meta, BEHAVIOR);
        if (behavior != null) {
            s2.set("behavior", behavior);
        }
        JsonNode status = v1.path("status");
        JsonNode currentExtra = fromAnnotation(meta, CURRENT_METRICS);
        JsonNode conditions = fromAnnotation(meta, CONDITIONS);
        if (!status.isMissingNode()) {
            ObjectNode st2 = v2.putObject("status");
            copy(status, st2, "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas");
            ArrayNode current = Json.MAPPER.createArrayNode();
            if (status.has("currentCPUUtilizationPercentage")) {
                ObjectNode m = current.addObject();
                m.put("type", "Resource");
                ObjectNode r = m.putObject("resource");
                r.put("name", "cpu");
                r.putObject("current").put("averageUtilization", status.path("currentCPUUtilizationPercentage").asInt());
            }
            if (currentExtra != null && currentExtra.isArray()) {
                currentExtra.forEach(current::add);
            }
            if (!current.isEmpty()) {
                st2.set("currentMetrics", current);
            }
            if (conditions != null && conditions.isArray()) {
                st2.set("conditions", conditions);
            }
        }
        cleanAnnotations(meta);
        return v2;
    }

    private static boolean isCpuUtilization(JsonNode m) {
        return m.path("type").asText().equals("Resource") && m.path("resource").path("name").asText().equals("cpu")
                && m.path("resource").path("target").path("type").asText().equals("Utilization");
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v.deepCopy());
            }
        }
    }

    private static void annotate(ObjectNode meta, String key, JsonNode value) {
        ObjectNode ann = meta.withObjectProperty("annotations");
        if (value == null || value.isNull()) {
            ann.remove(key);
        } else {
            ann.put(key, Json.string(value));
        }
    }

    /** Reads and removes a conversion annotation. */
    private static JsonNode fromAnnotation(ObjectNode meta, String key) {
        JsonNode ann = meta.get("annotations");
        if (ann == null || !ann.has(key)) {
            return null;
        }
        String raw = ann.get(key).asText();
        ((ObjectNode) ann).remove(key);
        try {
            return Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static void cleanAnnotations(ObjectNode meta) {
        JsonNode ann = meta.get("annotations");
        if (ann != null && ann.isEmpty()) {
            meta.remove("annotations");
        }
    }

}
