package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import dev.tugboat.api.validation.Bare;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource names and quantities: container resource requirements, quota and limit-range names, as
 * core validation's {@code validateResourceRequirements} and helpers. Stateless and thread-safe.
 */
public final class Resources {

    private static final Set<String> STANDARD_CONTAINER = Set.of("cpu", "memory", "ephemeral-storage");
    private static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage", "requests.cpu",
            "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
            "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "persistentvolumeclaims",
            "configmaps", "storage", "requests.storage", "services.nodeports", "services.loadbalancers");
    private static final Set<String> STANDARD_QUOTA = Set.of("pods", "services", "replicationcontrollers",
            "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports",
            "services.loadbalancers", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
            "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage");
    private static final Set<String> INTEGER = Set.of("pods", "services", "replicationcontrollers", "resourcequotas",
            "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers");

    private Resources() {
    }

    public static boolean isHugePages(String name) {
        return name.startsWith("hugepages-");
    }

    /** Names without a domain, or in a {@code kubernetes.io} domain. */
    public static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    public static boolean isExtended(String name) {
        if (isNative(name) || name.startsWith("requests.")) {
            return false;
        }
        return Formats.qualifiedName("requests." + name).isEmpty();
    }

    /** Native resources except huge pages may have requests below limits. */
    public static boolean isOvercommitAllowed(String name) {
        return isNative(name) && !isHugePages(name);
    }

    static boolean isStandardResourceName(String name) {
        return STANDARD.contains(name) || isHugePages(name) || name.startsWith("requests.hugepages-");
    }

    static boolean isIntegerResource(String name) {
        return INTEGER.contains(name) || name.startsWith("count/") || isExtended(name);
    }

    /** Qualified, and standard when unprefixed. */
    public static List<FieldError> resourceName(String name, FieldPath path) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.labelName(name, path));
        if (!errs.isEmpty()) {
            return errs;
        }
        if (!name.contains("/") && !isStandardResourceName(name)) {
            errs.add(FieldError.invalid(path, name, "must be a standard resource type or fully qualified"));
        }
        return errs;
    }

    public static List<FieldError> containerResourceName(String name, FieldPath path) {
        List<FieldError> errs = new ArrayList<>(resourceName(name, path));
        if (!name.contains("/")) {
            if (!STANDARD_CONTAINER.contains(name) && !isHugePages(name)) {
                errs.add(FieldError.invalid(path, name, "must be a standard resource for containers"));
            }
        } else if (!isNative(name) && !isExtended(name)) {
            errs.add(FieldError.invalid(path, name, "doesn't follow extended resource name standard"));
        }
        return errs;
    }

    public static List<FieldError> quotaResourceName(String name, FieldPath path) {
        List<FieldError> errs = new ArrayList<>(resourceName(name, path));
        if (!name.contains("/") && !STANDARD_QUOTA.contains(name) && !isHugePages(name)
                && !name.startsWith("requests.hugepages-")) {
            errs.add(FieldError.invalid(path, name, "must be a standard resource for quota"));
        }
        return errs;
    }

    /**
     * Parses a quantity for validation; a malformed one is reported with the decoder's message (the
     * decoder normally rejects it first with 400).
     */
    static Quantity quantity(JsonNode value, FieldPath path, List<FieldError> errs) {
        try {
            return Quantity.parse(value);
        } catch (QuantityFormatException e) {
            errs.add(FieldError.invalid(path, value.isTextual() ? value.textValue() : value.toString(), e.getMessage()));
            return null;
        }
    }

    /** Non-negative, and whole for integer resources. */
    public static List<FieldError> quantityValue(String name, JsonNode value, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Quantity q = quantity(value, path, errs);
        if (q == null) {
            return errs;
        }
        if (q.signum() < 0) {
            errs.add(FieldError.invalid(path, q.toString(), ObjectMetaValidation.NEGATIVE));
        }
        if (isIntegerResource(name) && q.milliValue() % 1000 != 0) {
            errs.add(FieldError.invalid(path, new Bare(q.toString()), "must be an integer"));
        }
        return errs;
    }

    /** A container's {@code resources}: names, values, request ≤ limit, extended resources exact. */
    public static List<FieldError> requirements(JsonNode resources, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        FieldPath limPath = path.child("limits");
        FieldPath reqPath = path.child("requests");
        boolean limCpuMem = false;
        boolean reqCpuMem = false;
        boolean hugePages = false;
        for (Map.Entry<String, JsonNode> e : Fields.entries(resources, "limits")) {
            String name = e.getKey();
            FieldPath p = limPath.key(name);
            errs.addAll(containerResourceName(name, p));
            errs.addAll(quantityValue(name, e.getValue(), p));
            hugePages |= isHugePages(name);
            limCpuMem |= name.equals("cpu") || name.equals("memory");
        }
        JsonNode limits = Fields.get(resources, "limits");
        for (Map.Entry<String, JsonNode> e : Fields.entries(resources, "requests")) {
            String name = e.getKey();
            FieldPath p = reqPath.key(name);
            errs.addAll(containerResourceName(name, p));
            errs.addAll(quantityValue(name, e.getValue(), p));
            Quantity request = ResourceLists.parseOrNull(e.getValue());
            JsonNode limitNode = limits.get(name);
            if (limitNode != null) {
                Quantity limit = ResourceLists.parseOrNull(limitNode);
                if (request != null && limit != null) {
                    if (request.compareTo(limit) != 0 && !isOvercommitAllowed(name)) {
                        errs.add(FieldError.invalid(reqPath, request.toString(),
                                "must be equal to " + name + " limit of " + limit));
                    } else if (request.compareTo(limit) > 0) {
                        errs.add(FieldError.invalid(reqPath, request.toString(),
                                "must be less than or equal to " + name + " limit of " + limit));
                    }
                }
            } else if (!isOvercommitAllowed(name)) {
                errs.add(FieldError.required(limPath, "Limit must be set for non overcommitable resources"));
            }
            hugePages |= isHugePages(name);
            reqCpuMem |= name.equals("cpu") || name.equals("memory");
        }
        if (!limCpuMem && !reqCpuMem && hugePages) {
            errs.add(FieldError.forbidden(path, "HugePages require cpu or memory"));
        }
        return errs;
    }
}
