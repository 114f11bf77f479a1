package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.validation.Bare;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** core/v1 LimitRange: container defaults derived from max/min, and consistent bounds. */
public final class LimitRangeRules implements KindRules {

    private static final List<String> MAPS = List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio");

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode item : Fields.objects(Fields.get(obj, "spec"), "limits")) {
            for (String m : MAPS) {
                ResourceLists.defaultList(item, m);
            }
            if (!Fields.str(item, "type").equals("Container")) {
                continue;
            }
            Map<String, JsonNode> defaults = map(item, "default");
            Map<String, JsonNode> requests = map(item, "defaultRequest");
            map(item, "max").forEach(defaults::putIfAbsent);
            defaults.forEach(requests::putIfAbsent);
            map(item, "min").forEach(requests::putIfAbsent);
            put(item, "default", defaults);
            put(item, "defaultRequest", requests);
        }
    }

    private static Map<String, JsonNode> map(JsonNode item, String field) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Fields.entries(item, field).forEach(e -> out.put(e.getKey(), e.getValue().deepCopy()));
        return out;
    }

    private static void put(ObjectNode item, String field, Map<String, JsonNode> values) {
        if (!values.isEmpty()) {
            ObjectNode target = item.putObject(field);
            values.forEach(target::set);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        List<JsonNode> limits = Fields.list(Fields.get(obj, "spec"), "limits");
        Set<String> types = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            errs.addAll(item(limits.get(i), FieldPath.of("spec", "limits").index(i), types));
        }
        return errs;
    }

    private static List<FieldError> item(JsonNode item, FieldPath p, Set<String> types) {
        List<FieldError> errs = new ArrayList<>();
        String type = Fields.str(item, "type");
        errs.addAll(ObjectMetaValidation.labelName(type, p.child("type")));
        if (errs.isEmpty() && !type.contains("/") && !List.of("Pod", "Container", "PersistentVolumeClaim").contains(type)) {
            errs.add(FieldError.invalid(p.child("type"), type, "must be a standard limit type or fully qualified"));
        }
        if (!types.add(type)) {
            errs.add(FieldError.duplicate(p.child("type"), type));
        }
        Set<String> keys = new LinkedHashSet<>();
        Map<String, Map<String, Quantity>> values = new LinkedHashMap<>();
        for (String m : MAPS) {
            values.put(m, new LinkedHashMap<>());
            boolean podDefaults = type.equals("Pod") && (m.equals("default") || m.equals("defaultRequest"));
            if (podDefaults) {
                if (!Fields.entries(item, m).isEmpty()) {
                    errs.add(FieldError.forbidden(p.child(m), "may not be specified when `type` is 'Pod'"));
                }
                continue;
            }
            for (Map.Entry<String, JsonNode> e : Fields.entries(item, m)) {
                FieldPath kp = p.child(m).key(e.getKey());
                errs.addAll(type.equals("Pod") || type.equals("Container")
                        ? Resources.containerResourceName(e.getKey(), kp) : Resources.resourceName(e.getKey(), kp));
                keys.add(e.getKey());
                Quantity q = ResourceLists.parseOrNull(e.getValue());
                if (q != null) {
                    values.get(m).put(e.getKey(), q);
                }
            }
        }
        if (type.equals("PersistentVolumeClaim") && !values.get("min").containsKey("storage")
                && !values.get("max").containsKey("storage")) {
            errs.add(FieldError.required(p.child("limits"),
                    "either minimum or maximum storage value is required, but neither was provided"));
        }
        for (String k : keys) {
            errs.addAll(bounds(k, values, p));
        }
        return errs;
    }

    private static List<FieldError> bounds(String k, Map<String, Map<String, Quantity>> v, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        Quantity min = v.get("min").get(k);
        Quantity max = v.get("max").get(k);
        Quantity dflt = v.get("default").get(k);
        Quantity req = v.get("defaultRequest").get(k);
        Quantity ratio = v.get("maxLimitRequestRatio").get(k);
        if (min != null && max != null && min.compareTo(max) > 0) {
            errs.add(FieldError.invalid(p.child("min").key(k), new Bare(min.toString()),
                    "min value " + min + " is greater than max value " + max));
        }
        if (req != null && min != null && min.compareTo(req) > 0) {
            errs.add(FieldError.invalid(p.child("defaultRequest").key(k), new Bare(req.toString()),
                    "min value " + min + " is greater than default request value " + req));
        }
        if (req != null && max != null && req.compareTo(max) > 0) {
            errs.add(FieldError.invalid(p.child("defaultRequest").key(k), new Bare(req.toString()),
                    "default request value " + req + " is greater than max value " + max));
        }
        if (req != null && dflt != null && req.compareTo(dflt) > 0) {
            errs.add(FieldError.invalid(p.child("defaultRequest").key(k), new Bare(req.toString()),
                    "default request value " + req + " is greater than default limit value " + dflt));
        }
        if (dflt != null && min != null && min.compareTo(dflt) > 0) {
            errs.add(FieldError.invalid(p.child("default").key(k), new Bare(min.toString()),
                    "min value " + min + " is greater than default value " + dflt));
        }
        if (dflt != null && max != null && dflt.compareTo(max) > 0) {
            errs.add(FieldError.invalid(p.child("default").key(k), new Bare(max.toString()),
                    "default value " + dflt + " is greater than max value " + max));
        }
        if (ratio != null && ratio.compareTo(Quantity.of(1, Quantity.Format.DECIMAL_SI)) < 0) {
            errs.add(FieldError.invalid(p.child("maxLimitRequestRatio").key(k), new Bare(ratio.toString()),
                    "ratio " + ratio + " is less than 1"));
        }
        if (!Resources.isOvercommitAllowed(k) && dflt != null && req != null && dflt.compareTo(req) != 0) {
            errs.add(FieldError.invalid(p.child("defaultRequest").key(k), new Bare(req.toString()),
                    "default value " + dflt + " must equal to defaultRequest value " + req + " in " + k));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        return errs;
    }
}
