package dev.tugboat.controllers.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status conditions the namespace controller maintains on a terminating namespace, with upstream's
 * types, reasons and messages (pkg/controller/namespace/deletion/status_condition_utils.go). Collects
 * the problems of one pass, then {@link #apply}s them to a namespace's status: every maintained type is
 * present, set True with the problem or False with the "all good" text. Not thread-safe (one per pass).
 */
final class NamespaceConditions {

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    /** The maintained types in upstream's order, with their reason and message when all is well. */
    private static final Map<String, String[]> OK = new LinkedHashMap<>();

    static {
        OK.put(DISCOVERY_FAILURE, new String[] {"ResourcesDiscovered", "All resources successfully discovered"});
        OK.put(GROUP_VERSION_PARSING_FAILURE, new String[] {"ParsedGroupVersions",
                "All legacy kube types successfully parsed"});
        OK.put(CONTENT_FAILURE, new String[] {"ContentDeleted",
                "All content successfully deleted, may be waiting on finalization"});
        OK.put(CONTENT_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"});
        OK.put(FINALIZERS_REMAINING, new String[] {"ContentHasNoFinalizers",
                "All content-preserving finalizers finished"});
    }

    /** A condition in the making. */
    private record Problem(String reason, String message) {
    }

    private final Map<String, Problem> problems = new LinkedHashMap<>();
    private final List<String> contentErrors = new ArrayList<>();

    void discoveryFailed(String message) {
        problems.put(DISCOVERY_FAILURE, new Problem("DiscoveryFailed", message));
    }

    void groupVersionParsingFailed(String message) {
        problems.put(GROUP_VERSION_PARSING_FAILURE, new Problem("GroupVersionParsingFailed", message));
    }

    void contentDeletionFailed(String message) {
        contentErrors.add(message);
    }

    /**
     * What remains after a pass.
     *
     * @param remainingByResource "pods." / "widgets.example.com" style names → instances left
     * @param remainingByFinalizer finalizer → instances still carrying it
     */
    void contentRemaining(Map<String, Integer> remainingByResource, Map<String, Integer> remainingByFinalizer) {
        List<String> resources = new ArrayList<>();
        remainingByResource.forEach((r, n) -> {
            if (n > 0) {
                resources.add(r + " has " + n + " resource instances");
            }
        });
        if (!resources.isEmpty()) {
            resources.sort(null);
            problems.put(CONTENT_REMAINING, new Problem("SomeResourcesRemain",
                    "Some resources are remaining: " + String.join(", ", resources)));
        }
        List<String> finalizers = new ArrayList<>();
        remainingByFinalizer.forEach((f, n) -> {
            if (n > 0) {
                finalizers.add(f + " in " + n + " resource instances");
            }
        });
        if (!finalizers.isEmpty()) {
            finalizers.sort(null);
            problems.put(FINALIZERS_REMAINING, new Problem("SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers)));
        }
    }

    /**
     * Writes the conditions into {@code namespace}'s status (in place). A condition's
     * lastTransitionTime changes only when its status does.
     *
     * @return whether anything changed
     */
    boolean apply(ObjectNode namespace, Instant now) {
        if (!contentErrors.isEmpty() && !problems.containsKey(CONTENT_FAILURE)) {
            List<String> sorted = new ArrayList<>(contentErrors);
            sorted.sort(null);
            problems.put(CONTENT_FAILURE, new Problem("ContentDeletionFailed", "Failed to delete all resource types, "
                    + sorted.size() + " remaining: " + String.join(", ", sorted)));
        }
        ObjectNode status = namespace.withObjectProperty("status");
        ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        boolean changed = false;
        String time = Timestamps.format(now);
        for (Map.Entry<String, String[]> e : OK.entrySet()) {
            String type = e.getKey();
            Problem p = problems.get(type);
            String wantStatus = p == null ? "False" : "True";
            String wantReason = p == null ? e.getValue()[0] : p.reason();
            String wantMessage = p == null ? e.getValue()[1] : p.message();
            ObjectNode old = find(conditions, type);
            if (old == null) {
                ObjectNode c = conditions.addObject();
                c.put("type", type).put("status", wantStatus).put("lastTransitionTime", time)
                        .put("reason", wantReason).put("message", wantMessage);
                changed = true;
            } else if (!old.path("status").asText().equals(wantStatus)
                    || !old.path("reason").asText().equals(wantReason)
                    || !old.path("message").asText().equals(wantMessage)) {
                if (!old.path("status").asText().equals(wantStatus)) {
                    old.put("lastTransitionTime", time);
                }
                old.put("status", wantStatus).put("reason", wantReason).put("message", wantMessage);
                changed = true;
            }
        }
        return changed;
    }

    private static ObjectNode find(ArrayNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (c instanceof ObjectNode o && type.equals(o.path("type").asText())) {
                return o;
            }
        }
        return null;
    }

    /** A fresh namespace status for tests of {@link #apply}. */
    static ObjectNode emptyNamespace() {
        ObjectNode ns = Json.object();
        ns.putObject("status").put("phase", "Terminating");
        return ns;
    }
}
