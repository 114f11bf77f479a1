package dev.tugboat.api.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.core.ResourceLists;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.validation.Bare;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.List;

/**
 * HorizontalPodAutoscaler at autoscaling/v2 or (with {@link #v1()}) autoscaling/v1, whose single
 * {@code targetCPUUtilizationPercentage} stands in for the metrics list.
 */
public final class HorizontalPodAutoscalerRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> SOURCE_TYPES = List.of("Object", "Pods", "Resource", "External", "ContainerResource");
    private static final List<String> TARGET_TYPES = List.of("Utilization", "Value", "AverageValue");

    private final boolean v1;

    private HorizontalPodAutoscalerRules(boolean v1) {
        this.v1 = v1;
    }

    public static HorizontalPodAutoscalerRules v1() {
        return new HorizontalPodAutoscalerRules(true);
    }

    public static HorizontalPodAutoscalerRules v2() {
        return new HorizontalPodAutoscalerRules(false);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultInt(spec, "minReplicas", 1);
        if (v1) {
            return;
        }
        if (Fields.list(spec, "metrics").isEmpty()) {
            ObjectNode metric = spec.putArray("metrics").addObject();
            metric.put("type", "Resource");
            ObjectNode resource = metric.putObject("resource");
            resource.put("name", "cpu");
            resource.putObject("target").put("type", "Utilization").put("averageUtilization", 80);
        }
        for (ObjectNode metric : Fields.objects(spec, "metrics")) {
            for (String source : List.of("object", "pods", "resource", "external", "containerResource")) {
                ObjectNode target = Fields.objectOrNull(Fields.get(metric, source), "target");
                ResourceLists.canonical(target, "value");
                ResourceLists.canonical(target, "averageValue");
            }
        }
        ObjectNode behavior = Fields.objectOrNull(spec, "behavior");
        if (behavior != null) {
            rules(behavior, "scaleUp", 0, List.of(policy("Pods", 4), policy("Percent", 100)));
            rules(behavior, "scaleDown", 300, List.of(policy("Percent", 100)));
        }
    }

    private static ObjectNode policy(String type, int value) {
        ObjectNode p = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        return p.put("type", type).put("value", value).put("periodSeconds", 15);
    }

    private static void rules(ObjectNode behavior, String field, int stabilization, List<ObjectNode> policies) {
        ObjectNode rules = Fields.object(behavior, field);
        Fields.defaultString(rules, "selectPolicy", "Max");
        Fields.defaultInt(rules, "stabilizationWindowSeconds", stabilization);
        if (!Fields.has(rules, "policies")) {
            ArrayNode list = rules.putArray("policies");
            policies.forEach(list::add);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    private List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        Long min = Fields.integer(spec, "minReplicas");
        long max = Fields.integer(spec, "maxReplicas", 0);
        if (min != null && min < 1) {
            errs.add(FieldError.invalid(SPEC.child("minReplicas"), min, "must be greater than or equal to 1"));
        }
        if (max < 1) {
            errs.add(FieldError.invalid(SPEC.child("maxReplicas"), max, "must be greater than 0"));
        }
        if (min != null && max < min) {
            errs.add(FieldError.invalid(SPEC.child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
        }
        JsonNode ref = Fields.get(spec, "scaleTargetRef");
        for (String f : List.of("kind", "name")) {
            String v = Fields.str(ref, f);
            FieldPath p = SPEC.child("scaleTargetRef").child(f);
            if (v.isEmpty()) {
                errs.add(FieldError.required(p, ""));
            } else {
                for (String m : Formats.pathSegmentName(v, false)) {
                    errs.add(FieldError.invalid(p, v, m));
                }
            }
        }
        if (v1) {
            Long cpu = Fields.integer(spec, "targetCPUUtilizationPercentage");
            if (cpu != null && cpu < 1) {
                errs.add(FieldError.invalid(SPEC.child("targetCPUUtilizationPercentage"), cpu, "must be greater than 0"));
            }
            return errs;
        }
        List<JsonNode> metrics = Fields.list(spec, "metrics");
        for (int i = 0; i < metrics.size(); i++) {
            errs.addAll(metric(metrics.get(i), SPEC.child("metrics").index(i)));
        }
        JsonNode behavior = Fields.get(spec, "behavior");
        for (String f : List.of("scaleUp", "scaleDown")) {
            if (Fields.has(behavior, f)) {
                errs.addAll(scalingRules(Fields.get(behavior, f), SPEC.child("behavior").child(f)));
            }
        }
        return errs;
    }

    private static String sourceField(String type) {
        return type.isEmpty() ? "" : Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    private static List<FieldError> metric(JsonNode m, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String type = Fields.str(m, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required(p.child("type"), "must specify a metric source type"));
        }
        if (!SOURCE_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(p.child("type"), type, SOURCE_TYPES));
        }
        String expected = sourceField(type);
        int present = 0;
        for (String t : SOURCE_TYPES) {
            String f = sourceField(t);
            if (Fields.has(m, f)) {
                present++;
                if (!f.equals(expected)) {
                    errs.add(FieldError.forbidden(p.child(f), "must populate information for the given metric source only"));
                }
            }
        }
        JsonNode source = Fields.get(m, expected);
        if (!expected.isEmpty() && SOURCE_TYPES.contains(type) && !source.isObject()) {
            errs.add(FieldError.required(p.child(expected), "must populate information for the given metric source"));
            return errs;
        }
        if (present == 0 || !source.isObject()) {
            return errs;
        }
        FieldPath sp = p.child(expected);
        if (type.equals("Resource") || type.equals("ContainerResource")) {
            if (Fields.str(source, "name").isEmpty()) {
                errs.add(FieldError.required(sp.child("name"), "must specify a resource name"));
            }
            if (type.equals("ContainerResource") && Fields.str(source, "container").isEmpty()) {
                errs.add(FieldError.required(sp.child("container"), "must specify a container"));
            }
        } else {
            JsonNode metricId = Fields.get(source, "metric");
            if (Fields.str(metricId, "name").isEmpty()) {
                errs.add(FieldError.required(sp.child("metric").child("name"), "must specify a metric name"));
            }
        }
        JsonNode target = Fields.get(source, "target");
        errs.addAll(target(target, sp.child("target")));
        if (type.equals("Resource") || type.equals("ContainerResource")) {
            boolean utilization = Fields.has(target, "averageUtilization");
            boolean average = Fields.has(target, "averageValue");
            if (!utilization && !average) {
                errs.add(FieldError.required(sp.child("target").child("averageUtilization"),
                        "must set either a target raw value or a target utilization"));
            }
            if (utilization && average) {
                errs.add(FieldError.forbidden(sp.child("target").child("averageValue"),
                        "may not set both a target raw value and a target utilization"));
            }
        }
        return errs;
    }

    private static List<FieldError> target(JsonNode t, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String type = Fields.str(t, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required(p.child("type"), "must specify a metric target type"));
        }
        if (!TARGET_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(p.child("type"), type, TARGET_TYPES));
        }
        for (String f : List.of("value", "averageValue")) {
            if (Fields.has(t, f)) {
                Quantity q = ResourceLists.parseOrNull(Fields.get(t, f));
                if (q != null && q.signum() != 1) {
                    errs.add(FieldError.invalid(p.child(f), new Bare(q.toString()), "must be positive"));
                }
            }
        }
        Long utilization = Fields.integer(t, "averageUtilization");
        if (utilization != null && utilization < 1) {
            errs.add(FieldError.invalid(p.child("averageUtilization"), utilization, "must be greater than 0"));
        }
        return errs;
    }

    private static List<FieldError> scalingRules(JsonNode rules, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        Long window = Fields.integer(rules, "stabilizationWindowSeconds");
        if (window != null && window < 0) {
            errs.add(FieldError.invalid(p.child("stabilizationWindowSeconds"), window, "must be greater than or equal to zero"));
        }
        if (window != null && window > 3600) {
            errs.add(FieldError.invalid(p.child("stabilizationWindowSeconds"), window, "must be less than or equal to 3600"));
        }
        if (Fields.has(rules, "selectPolicy")) {
            String select = Fields.str(rules, "selectPolicy");
            if (!List.of("Disabled", "Max", "Min").contains(select)) {
                errs.add(FieldError.notSupported(p.child("selectPolicy"), select, List.of("Disabled", "Max", "Min")));
            }
        }
        List<JsonNode> policies = Fields.list(rules, "policies");
        if (policies.isEmpty()) {
            errs.add(FieldError.required(p.child("policies"), "must specify at least one Policy"));
        }
        for (int i = 0; i < policies.size(); i++) {
            JsonNode pol = policies.get(i);
            FieldPath pp = p.child("policies").index(i);
            String type = Fields.str(pol, "type");
            if (!type.equals("Percent") && !type.equals("Pods")) {
                errs.add(FieldError.notSupported(pp.child("type"), type, List.of("Percent", "Pods")));
            }
            long value = Fields.integer(pol, "value", 0);
            if (value <= 0) {
                errs.add(FieldError.invalid(pp.child("value"), value, "must be greater than zero"));
            }
            long period = Fields.integer(pol, "periodSeconds", 0);
            if (period <= 0) {
                errs.add(FieldError.invalid(pp.child("periodSeconds"), period, "must be greater than zero"));
            }
            if (period > 1800) {
                errs.add(FieldError.invalid(pp.child("periodSeconds"), period, "must be less than or equal to 1800"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        JsonNode status = Fields.get(obj, "status");
        for (String f : List.of("currentReplicas", "desiredReplicas")) {
            errs.addAll(dev.tugboat.api.validation.ObjectMetaValidation.nonNegative(status, f, FieldPath.root("status")));
        }
        return errs;
    }
}
