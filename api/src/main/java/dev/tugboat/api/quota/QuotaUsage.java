package dev.tugboat.api.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.quantity.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an object charges to a ResourceQuota (upstream's quota evaluators in pkg/quota/v1/evaluator/core
 * and the generic object counter), which quotas apply to it (scopes), and the arithmetic on resource
 * lists. Pure functions over JSON, shared by the resource-quota controller and the API server's quota
 * admission.
 */
public final class QuotaUsage {

    private QuotaUsage() {
    }

    private static final Quantity ONE = Quantity.parse("1");
    /** Compute resources whose quota makes every container state its request or limit (upstream's validationSet). */
    private static final Set<String> MUST_SPECIFY = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");
    private static final List<String> STANDARD = List.of("cpu", "memory", "ephemeral-storage");

    /**
     * The usage of one object of {@code resource} in {@code group} ("" for core): its object count
     * ({@code count/<resource>[.<group>]}, and the legacy names of core kinds) and, for pods, services and
     * claims, what they consume.
     */
    public static Map<String, Quantity> usage(String group, String resource, JsonNode obj) {
        Map<String, Quantity> u = new TreeMap<>();
        u.put(group.isEmpty() ? "count/" + resource : "count/" + resource + "." + group, ONE);
        if (!group.isEmpty()) {
            return u;
        }
        switch (resource) {
            case "pods" -> {
                if (!isPodCharged(obj)) {
                    return new TreeMap<>();
                }
                u.putAll(podUsage(obj));
            }
            case "services" -> {
                u.put("services", ONE);
                String type = obj.path("spec").path("type").asText("ClusterIP");
                if (type.equals("NodePort") || type.equals("LoadBalancer")) {
                    u.put("services.nodeports", Quantity.of(obj.path("spec").path("ports").size(), Quantity.Format.DECIMAL_SI));
                }
                if (type.equals("LoadBalancer")) {
                    u.put("services.loadbalancers", ONE);
                }
            }
            case "persistentvolumeclaims" -> {
                u.put("persistentvolumeclaims", ONE);
                Quantity storage = quantity(obj.path("spec").path("resources").path("requests").path("storage"));
                if (storage != null) {
                    u.put("requests.storage", storage);
                }
                String sc = obj.path("spec").path("storageClassName").asText("");
                if (!sc.isEmpty()) {
                    u.put(sc + ".storageclass.storage.k8s.io/persistentvolumeclaims", ONE);
                    if (storage != null) {
                        u.put(sc + ".storageclass.storage.k8s.io/requests.storage", storage);
                    }
                }
            }
            case "configmaps", "secrets", "replicationcontrollers", "resourcequotas" -> u.put(resource, ONE);
            default -> {
            }
        }
        return u;
    }

    /** Finished pods and pods past their deletion grace are not charged (upstream's QuotaV1Pod, simplified). */
    static boolean isPodCharged(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return !phase.equals("Succeeded") && !phase.equals("Failed");
    }

    /** A pod's usage: pods, and requests/limits as the larger of its containers' sum and any init container. */
    static Map<String, Quantity> podUsage(JsonNode pod) {
        Map<String, Quantity> u = new TreeMap<>();
        u.put("pods", ONE);
        Map<String, Quantity> requests = podResources(pod, "requests");
        Map<String, Quantity> limits = podResources(pod, "limits");
        requests.forEach((name, q) -> {
            u.put("requests." + name, q);
            if (STANDARD.contains(name)) {
                u.put(name, q);
            }
        });
        limits.forEach((name, q) -> u.put("limits." + name, q));
        return u;
    }

    private static Map<String, Quantity> podResources(JsonNode pod, String kind) {
        Map<String, Quantity> sum = new TreeMap<>();
        for (JsonNode c : pod.path("spec").path("containers")) {
            addAll(sum, resourceList(c.path("resources").path(kind)));
        }
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            Map<String, Quantity> init = resourceList(c.path("resources").path(kind));
            if ("Always".equals(c.path("restartPolicy").asText())) {
                addAll(sum, init);
                continue;
            }
            init.forEach((k, v) -> sum.merge(k, v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        }
        addAll(sum, resourceList(pod.path("spec").path("overhead")));
        return sum;
    }

    public static Map<String, Quantity> resourceList(JsonNode list) {
        Map<String, Quantity> out = new TreeMap<>();
        list.properties().forEach(e -> {
            Quantity q = quantity(e.getValue());
            if (q != null) {
                out.put(e.getKey(), q);
            }
        });
        return out;
    }

    private static Quantity quantity(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        try {
            return Quantity.parse(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void addAll(Map<String, Quantity> into, Map<String, Quantity> more) {
        more.forEach((k, v) -> into.merge(k, v, Quantity::add));
    }

    /** The sum of two resource lists. */
    public static Map<String, Quantity> add(Map<String, Quantity> a, Map<String, Quantity> b) {
        Map<String, Quantity> out = new TreeMap<>(a);
        addAll(out, b);
        return out;
    }

    /** Only the keys in {@code names}. */
    public static Map<String, Quantity> mask(Map<String, Quantity> list, Set<String> names) {
        Map<String, Quantity> out = new TreeMap<>();
        list.forEach((k, v) -> {
            if (names.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The keys of {@code usage} that are above {@code hard}. */
    public static Set<String> exceeded(Map<String, Quantity> usage, Map<String, Quantity> hard) {
        Set<String> out = new TreeSet<>();
        usage.forEach((k, v) -> {
            Quantity limit = hard.get(k);
            if (limit != null && v.compareTo(limit) > 0) {
                out.add(k);
            }
        });
        return out;
    }

    /** {@code a=1,b=2} with sorted keys (upstream's prettyPrint). */
    public static String format(Map<String, Quantity> list) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(list).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * Upstream's "must specify" rule: with cpu or memory quota'd, every container must state the
     * request or limit. Empty when the pod complies, else {@code limits.cpu for: a,b; requests.memory for: a}.
     */
    public static String missingComputeResources(JsonNode pod, Set<String> hard) {
        Set<String> required = new TreeSet<>(hard);
        required.retainAll(MUST_SPECIFY);
        Map<String, Set<String>> missing = new TreeMap<>();
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                Set<String> has = new TreeSet<>();
                resourceList(c.path("resources").path("requests")).keySet().forEach(r -> {
                    has.add("requests." + r);
                    has.add(r);
                });
                resourceList(c.path("resources").path("limits")).keySet().forEach(r -> has.add("limits." + r));
                for (String r : required) {
                    if (!has.contains(r)) {
                        missing.computeIfAbsent(r, k -> new TreeSet<>()).add(c.path("name").asText());
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        missing.forEach((r, containers) -> sb.append(sb.isEmpty() ? "" : "; ").append(r).append(" for: ")
                .append(String.join(",", containers)));
        return sb.toString();
    }

    /**
     * Whether a quota's scopes select the object: scopes other than none only ever select pods
     * (Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass).
     */
    public static boolean matchesScopes(JsonNode quota, String group, String resource, JsonNode obj) {
        JsonNode spec = quota.path("spec");
        boolean scoped = spec.path("scopes").size() > 0 || spec.path("scopeSelector").path("matchExpressions").size() > 0;
        if (!scoped) {
            return true;
        }
        if (!group.isEmpty() || !resource.equals("pods")) {
            return false;
        }
        for (JsonNode s : spec.path("scopes")) {
            if (!scopeMatches(s.asText(), "Exists", List.of(), obj)) {
                return false;
            }
        }
        for (JsonNode e : spec.path("scopeSelector").path("matchExpressions")) {
            List<String> values = new java.util.ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            if (!scopeMatches(e.path("scopeName").asText(), e.path("operator").asText(), values, obj)) {
                return false;
            }
        }
        return true;
    }

    private static boolean scopeMatches(String scope, String operator, List<String> values, JsonNode pod) {
        boolean terminating = pod.path("spec").has("activeDeadlineSeconds")
                && !pod.path("spec").path("activeDeadlineSeconds").isNull();
        boolean bestEffort = podResources(pod, "requests").isEmpty() && podResources(pod, "limits").isEmpty();
        boolean positive = !operator.equals("DoesNotExist");
        return switch (scope) {
            case "Terminating" -> terminating == positive;
            case "NotTerminating" -> !terminating == positive;
            case "BestEffort" -> bestEffort == positive;
            case "NotBestEffort" -> !bestEffort == positive;
            case "PriorityClass" -> {
                String pc = pod.path("spec").path("priorityClassName").asText("");
                yield switch (operator) {
                    case "In" -> values.contains(pc);
                    case "NotIn" -> !values.contains(pc);
                    case "Exists" -> !pc.isEmpty();
                    case "DoesNotExist" -> pc.isEmpty();
                    default -> false;
                };
            }
            default -> false;
        };
    }
}
