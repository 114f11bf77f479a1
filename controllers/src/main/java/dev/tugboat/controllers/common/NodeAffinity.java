package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.Map;

/**
 * Whether a node satisfies a pod's {@code nodeSelector} and required node affinity (upstream's
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)). Pure functions over JSON. Terms are ORed,
 * the expressions and fields of one term ANDed; a term with neither matches nothing; the only field
 * is {@code metadata.name}.
 */
public final class NodeAffinity {

    public static final String NODE_NAME_FIELD = "metadata.name";

    private NodeAffinity() {
    }

    /** {@code podSpec}'s nodeSelector and requiredDuringSchedulingIgnoredDuringExecution both match {@code node}. */
    public static boolean requiredMatches(JsonNode podSpec, JsonNode node) {
        Map<String, String> labels = Meta.labels(node);
        for (var e : podSpec.path("nodeSelector").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode required = podSpec.path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution");
        if (required.isMissingNode() || required.isNull()) {
            return true;
        }
        return nodeSelectorMatches(required, node);
    }

    /** A {@code v1.NodeSelector} (its terms ORed) against a node. */
    public static boolean nodeSelectorMatches(JsonNode nodeSelector, JsonNode node) {
        for (JsonNode term : nodeSelector.path("nodeSelectorTerms")) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    static boolean termMatches(JsonNode term, JsonNode node) {
        JsonNode exprs = term.path("matchExpressions");
        JsonNode fields = term.path("matchFields");
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = Meta.labels(node);
        for (JsonNode r : exprs) {
            if (!requirementMatches(r, labels.get(r.path("key").asText("")))) {
                return false;
            }
        }
        for (JsonNode r : fields) {
            if (!NODE_NAME_FIELD.equals(r.path("key").asText(""))) {
                return false;
            }
            String op = r.path("operator").asText("");
            if (!op.equals("In") && !op.equals("NotIn")) {
                return false;
            }
            if (!requirementMatches(r, Meta.name(node))) {
                return false;
            }
        }
        return true;
    }

    /** One NodeSelectorRequirement against the value of its key ({@code null} when absent). */
    static boolean requirementMatches(JsonNode req, String value) {
        JsonNode values = req.path("values");
        return switch (req.path("operator").asText("")) {
            case "In" -> value != null && contains(values, value);
            case "NotIn" -> value == null || !contains(values, value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> compare(req.path("operator").asText(), values, value);
            default -> false;
        };
    }

    private static boolean compare(String op, JsonNode values, String value) {
        if (value == null || values.size() != 1) {
            return false;
        }
        try {
            long have = Long.parseLong(value);
            long want = Long.parseLong(values.get(0).asText());
            return op.equals("Gt") ? have > want : have < want;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (value.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }
}
