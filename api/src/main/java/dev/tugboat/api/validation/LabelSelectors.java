package dev.tugboat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code metav1.LabelSelector} validation and matching. Stateless and thread-safe. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** matchLabels as labels, each expression's operator, values and key. Absent selectors are valid. */
    public static List<FieldError> validate(JsonNode selector, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (selector == null || !selector.isObject()) {
            return errs;
        }
        errs.addAll(ObjectMetaValidation.labels(Fields.get(selector, "matchLabels"), path.child("matchLabels")));
        List<JsonNode> exprs = Fields.list(selector, "matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            errs.addAll(requirement(exprs.get(i), path.child("matchExpressions").index(i)));
        }
        return errs;
    }

    private static List<FieldError> requirement(JsonNode req, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        String op = Fields.str(req, "operator");
        List<String> values = Fields.strings(req, "values");
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errs.add(FieldError.required(path.child("values"),
                            "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errs.add(FieldError.forbidden(path.child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            default -> errs.add(FieldError.invalid(path.child("operator"), op, "not a valid selector operator"));
        }
        errs.addAll(ObjectMetaValidation.labelName(Fields.str(req, "key"), path.child("key")));
        for (int i = 0; i < values.size(); i++) {
            for (String msg : Formats.labelValue(values.get(i))) {
                errs.add(FieldError.invalid(path.child("values").index(i), values.get(i), msg));
            }
        }
        return errs;
    }

    /** True when the selector has neither matchLabels nor matchExpressions. */
    public static boolean isEmpty(JsonNode selector) {
        return Fields.stringMap(selector, "matchLabels").isEmpty() && Fields.list(selector, "matchExpressions").isEmpty();
    }

    /**
     * Whether a selector selects these labels. An absent selector selects nothing; an empty one
     * selects everything, as {@code LabelSelectorAsSelector} does.
     */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null || !selector.isObject()) {
            return false;
        }
        for (Map.Entry<String, String> e : Fields.stringMap(selector, "matchLabels").entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode req : Fields.list(selector, "matchExpressions")) {
            String key = Fields.str(req, "key");
            List<String> values = Fields.strings(req, "values");
            boolean ok = switch (Fields.str(req, "operator")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The {@code app=x,tier in (a,b)} string form used in Scale status and printing. */
    public static String format(JsonNode selector) {
        List<String> parts = new ArrayList<>();
        Fields.stringMap(selector, "matchLabels").entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
        for (JsonNode req : Fields.list(selector, "matchExpressions")) {
            String key = Fields.str(req, "key");
            List<String> values = new ArrayList<>(Fields.strings(req, "values"));
            values.sort(null);
            switch (Fields.str(req, "operator")) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> { }
            }
        }
        return String.join(",", parts);
    }
}
