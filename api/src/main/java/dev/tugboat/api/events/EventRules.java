package dev.tugboat.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.List;

/**
 * events.k8s.io/v1 Event: the legacy rules plus the strict ones of the new API (event time required,
 * type Normal or Warning, deprecated fields unset). Paths use upstream's internal field names.
 */
public final class EventRules implements KindRules {

    private static final List<String> DEPRECATED = List.of("deprecatedFirstTimestamp", "deprecatedLastTimestamp",
            "deprecatedCount", "deprecatedSource");

    @Override
    public void applyDefaults(ObjectNode obj) {
        // events.k8s.io/v1 Event has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(dev.tugboat.api.core.EventRules.legacy(obj, "reportingController", "regarding"));
        errs.addAll(MetaRules.NAMESPACED.validate(obj));
        JsonNode series = Fields.get(obj, "series");
        if (series.isObject()) {
            long count = Fields.integer(series, "count", 0);
            if (count < 2) {
                errs.add(FieldError.invalid(FieldPath.of("series", "count"), "", "should be at least 2"));
            }
            if (!Fields.has(series, "lastObservedTime")) {
                errs.add(FieldError.required(FieldPath.of("series", "lastObservedTime"), ""));
            }
        }
        if (!Fields.has(obj, "eventTime")) {
            errs.add(FieldError.required(FieldPath.root("eventTime"), ""));
        }
        String type = Fields.str(obj, "type");
        if (!type.equals("Normal") && !type.equals("Warning")) {
            errs.add(FieldError.invalid(FieldPath.root("type"), "", "has invalid value: " + type));
        }
        List<String> internal = List.of("firstTimestamp", "lastTimestamp", "count", "source");
        for (int i = 0; i < DEPRECATED.size(); i++) {
            JsonNode v = Fields.get(obj, DEPRECATED.get(i));
            boolean set = Fields.has(obj, DEPRECATED.get(i))
                    && !(v.isNumber() && v.asLong() == 0) && !(v.isObject() && v.isEmpty());
            if (set) {
                errs.add(FieldError.invalid(FieldPath.root(internal.get(i)), "", "needs to be unset"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validate(obj));
        errs.addAll(MetaRules.NAMESPACED.validateUpdate(obj, old));
        String[][] fields = {{"regarding", "involvedObject"}, {"reason", "reason"}, {"note", "message"},
            {"deprecatedSource", "source"}, {"deprecatedFirstTimestamp", "firstTimestamp"},
            {"deprecatedLastTimestamp", "lastTimestamp"}, {"deprecatedCount", "count"}, {"type", "type"},
            {"eventTime", "eventTime"}, {"action", "action"}, {"related", "related"},
            {"reportingController", "reportingController"}, {"reportingInstance", "reportingInstance"}};
        for (String[] f : fields) {
            if (!dev.tugboat.api.validation.JsonEquality.equal(Fields.get(obj, f[0]), Fields.get(old, f[0]))) {
                errs.add(FieldError.invalid(FieldPath.root(f[1]), Fields.get(obj, f[0]), "field is immutable"));
            }
        }
        return errs;
    }
}
