package dev.tugboat.schemagen;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream OpenAPI definition names for the client's model classes, e.g. {@code V1PodSpec} →
 * {@code io.k8s.api.core.v1.PodSpec}. The client names classes by version and type only (plus a
 * group prefix where two served groups share a type name), so the Go package comes from, in order:
 * the class prefix, the meta/v1 type list, the kind's own group, and otherwise the groups whose
 * kinds reach the type (core wins; a type reached from one other group belongs to it).
 */
final class DefinitionNames {

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String TIME = META + "Time";

    private static final Pattern CLASS_NAME = Pattern.compile("^([A-Z][a-z]+)?(V\\d+(?:alpha\\d+|beta\\d+)?)([A-Z]\\w*)$");

    /** A parsed client class name. */
    record Parsed(String prefix, String version, String type) {
    }

    private final Map<Class<?>, String> kindGroups;
    private final Map<Class<?>, Set<String>> reachingGroups;
    private final Map<Class<?>, String> cache = new HashMap<>();

    /**
     * @param kindGroups     top-level kinds → their group
     * @param reachingGroups every model class → the groups of the kinds that reach it
     */
    DefinitionNames(Map<Class<?>, String> kindGroups, Map<Class<?>, Set<String>> reachingGroups) {
        this.kindGroups = kindGroups;
        this.reachingGroups = reachingGroups;
    }

    static Parsed parse(Class<?> model) {
        Matcher m = CLASS_NAME.matcher(model.getSimpleName());
        if (!m.matches()) {
            throw new IllegalStateException("unexpected model class name " + model.getName());
        }
        return new Parsed(m.group(1) == null ? "" : m.group(1), m.group(2).toLowerCase(), m.group(3));
    }

    String of(Class<?> model) {
        return cache.computeIfAbsent(model, this::derive);
    }

    private String derive(Class<?> model) {
        Parsed p = parse(model);
        return packageOf(model, p) + "." + p.version() + "." + p.type();
    }

    private String packageOf(Class<?> model, Parsed p) {
        if (!p.prefix().isEmpty()) {
            String group = ServedApis.CLASS_PREFIXES.get(p.prefix());
            if (group == null) {
                throw new IllegalStateException("unknown class prefix " + p.prefix() + " of " + model.getName());
            }
            return ServedApis.PACKAGES.get(group);
        }
        if (ServedApis.META_TYPES.contains(p.type())) {
            return "io.k8s.apimachinery.pkg.apis.meta";
        }
        if (ServedApis.CORE_TYPES_USED_ELSEWHERE.contains(p.type())) {
            return ServedApis.PACKAGES.get("");
        }
        String group = kindGroups.get(model);
        if (group == null) {
            Set<String> groups = reachingGroups.getOrDefault(model, Set.of());
            if (groups.contains("")) {
                group = "";
            } else if (groups.size() == 1) {
                group = groups.iterator().next();
            } else {
                throw new IllegalStateException("cannot tell the group of " + model.getName() + ", reached from " + groups);
            }
        }
        return ServedApis.PACKAGES.get(group);
    }
}
