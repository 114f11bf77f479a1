package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * HorizontalPodAutoscalers of autoscaling/v2 and autoscaling/v1: NAME, REFERENCE, TARGETS, MINPODS,
 * MAXPODS, REPLICAS, AGE. A v1 object's CPU percentages are read as one Resource metric, as
 * upstream's v1 conversion does.
 */
final class HpaPrinter implements TablePrinter {

    private static final int MAX_METRICS = 2;

    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            Columns.str("Reference", "The scaled resource, as kind/name."),
            Columns.str("Targets", "Current and target values of the metrics used to scale."),
            Columns.str("MinPods", "The lower limit for the number of replicas."),
            Columns.str("MaxPods", "The upper limit for the number of replicas."),
            Columns.str("Replicas", "The current number of replicas."),
            Columns.age());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode hpa, Instant now) {
        JsonNode min = Obj.at(hpa, "spec", "minReplicas");
        return List.of(
                Meta.name(hpa),
                Obj.str(hpa, "spec", "scaleTargetRef", "kind") + "/" + Obj.str(hpa, "spec", "scaleTargetRef", "name"),
                targets(hpa),
                min.isNumber() ? min.asText() : "<unset>",
                Obj.num(hpa, "spec", "maxReplicas"),
                Obj.num(hpa, "status", "currentReplicas"),
                Cells.age(Obj.at(hpa, "metadata", "creationTimestamp"), now));
    }

    private static boolean isV1(JsonNode hpa) {
        String apiVersion = Obj.str(hpa, "apiVersion");
        return apiVersion.equals("autoscaling/v1")
                || (apiVersion.isEmpty() && !Obj.has(hpa, "spec", "metrics") && Obj.has(hpa, "spec", "targetCPUUtilizationPercentage"));
    }

    static String targets(JsonNode hpa) {
        if (isV1(hpa)) {
            JsonNode target = Obj.at(hpa, "spec", "targetCPUUtilizationPercentage");
            if (!target.isNumber()) {
                return "<none>";
            }
            JsonNode current = Obj.at(hpa, "status", "currentCPUUtilizationPercentage");
            return "cpu: " + (current.isNumber() ? current.asText() + "%" : "<unknown>") + "/" + target.asText() + "%";
        }
        List<JsonNode> specs = Obj.list(hpa, "spec", "metrics");
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<JsonNode> statuses = Obj.list(hpa, "status", "currentMetrics");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode status = i < statuses.size() ? statuses.get(i) : null;
            list.add(metric(specs.get(i), status));
        }
        String joined = String.join(", ", list.subList(0, Math.min(MAX_METRICS, list.size())));
        return list.size() > MAX_METRICS ? joined + " + " + (list.size() - MAX_METRICS) + " more..." : joined;
    }

    /** One metric's {@code current/target} text; the status at the same index supplies the current value. */
    private static String metric(JsonNode spec, JsonNode status) {
        return switch (spec.path("type").asText("")) {
            case "External" -> valueOrAverage(spec.path("external"), sourceStatus(status, "external"));
            case "Object" -> valueOrAverage(spec.path("object"), sourceStatus(status, "object"));
            case "Pods" -> {
                JsonNode st = sourceStatus(status, "pods");
                String current = st == null ? "<unknown>" : Cells.quantity(Obj.at(st, "current", "averageValue"));
                yield current + "/" + Cells.quantity(Obj.at(spec, "pods", "target", "averageValue"));
            }
            case "Resource" -> resource(spec.path("resource"), sourceStatus(status, "resource"));
            case "ContainerResource" ->
                    resource(spec.path("containerResource"), sourceStatus(status, "containerResource"));
            default -> "<unknown type>";
        };
    }

    private static JsonNode sourceStatus(JsonNode status, String field) {
        if (status == null || !status.path(field).isObject()) {
            return null;
        }
        return status.path(field);
    }

    private static String valueOrAverage(JsonNode source, JsonNode status) {
        JsonNode target = source.path("target");
        if (Obj.has(target, "averageValue")) {
            String current = status != null && Obj.has(status, "current", "averageValue")
                    ? Obj.str(status, "current", "averageValue") : "<unknown>";
            return current + "/" + Obj.str(target, "averageValue") + " (avg)";
        }
        String current = status == null ? "<unknown>" : Cells.quantity(Obj.at(status, "current", "value"));
        return current + "/" + Cells.quantity(target.path("value"));
    }

    private static String resource(JsonNode source, JsonNode status) {
        String name = source.path("name").asText("");
        JsonNode target = source.path("target");
        if (Obj.has(target, "averageValue")) {
            String current = status == null ? "<unknown>" : Cells.quantity(Obj.at(status, "current", "averageValue"));
            return name + ": " + current + "/" + Obj.str(target, "averageValue");
        }
        String current = status != null && Obj.at(status, "current", "averageUtilization").isNumber()
                ? Obj.str(status, "current", "averageUtilization") + "%" : "<unknown>";
        JsonNode utilization = target.path("averageUtilization");
        return name + ": " + current + "/" + (utilization.isNumber() ? utilization.asText() + "%" : "<auto>");
    }
}
