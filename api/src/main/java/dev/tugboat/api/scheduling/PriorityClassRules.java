package dev.tugboat.api.scheduling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * scheduling.k8s.io/v1 PriorityClass: {@code system-} names are reserved for the two built-in classes,
 * user values are capped, and the value is immutable.
 */
public final class PriorityClassRules implements KindRules {

    /** The highest value a user-defined class may have. */
    public static final long HIGHEST_USER_DEFINABLE = 1_000_000_000L;
    /** The built-in system classes and their values. */
    public static final Map<String, Long> SYSTEM_CLASSES = Map.of(
            "system-node-critical", 2_000_001_000L, "system-cluster-critical", 2_000_000_000L);

    @Override
    public void applyDefaults(ObjectNode obj) {
        Fields.defaultString(obj, "preemptionPolicy", "PreemptLowerPriority");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validate(obj));
        String name = Meta.name(obj);
        long value = Fields.integer(obj, "value", 0);
        if (name.startsWith("system-")) {
            String problem = systemProblem(name, value, Fields.isTrue(obj, "globalDefault"));
            if (problem != null) {
                errs.add(FieldError.forbidden(FieldPath.of("metadata", "name"),
                        "priority class names with 'system-' prefix are reserved for system use only. error: " + problem));
            }
        } else if (value > HIGHEST_USER_DEFINABLE) {
            errs.add(FieldError.forbidden(FieldPath.root("value"),
                    "maximum allowed value of a user defined priority is " + HIGHEST_USER_DEFINABLE));
        }
        if (Fields.has(obj, "preemptionPolicy")) {
            String policy = Fields.str(obj, "preemptionPolicy");
            if (!policy.equals("PreemptLowerPriority") && !policy.equals("Never")) {
                errs.add(FieldError.notSupported(FieldPath.root("preemptionPolicy"), policy,
                        List.of("PreemptLowerPriority", "Never")));
            }
        }
        return errs;
    }

    private static String systemProblem(String name, long value, boolean globalDefault) {
        Long expected = SYSTEM_CLASSES.get(name);
        if (expected == null) {
            return name + " is not a known system priority class";
        }
        if (expected != value) {
            return "value of " + name + " PriorityClass must be " + expected;
        }
        if (globalDefault) {
            return "globalDefault of " + name + " PriorityClass must be false";
        }
        return null;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validateUpdate(obj, old));
        if (Fields.integer(obj, "value", 0) != Fields.integer(old, "value", 0)) {
            errs.add(FieldError.forbidden(FieldPath.root("value"), "may not be changed in an update."));
        }
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(obj, "preemptionPolicy"), Fields.get(old, "preemptionPolicy"),
                FieldPath.root("preemptionPolicy")));
        return errs;
    }
}
