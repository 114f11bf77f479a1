package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.Operator;
import dev.tugboat.api.labels.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code v1.NodeSelector}: its terms are ORed; within a term, label expressions and field expressions
 * (only {@code metadata.name}) are ANDed; a term with neither matches nothing (upstream's
 * {@code nodeaffinity.NodeSelector}). An invalid term matches nothing.
 */
public record NodeSelector(List<Term> terms) {

    /** One {@code nodeSelectorTerm}; null requirement lists mark an invalid term. */
    public record Term(List<Requirement> labels, List<Requirement> fields, boolean valid) {

        public boolean matches(Map<String, String> nodeLabels, String nodeName) {
            if (!valid || labels.isEmpty() && fields.isEmpty()) {
                return false;
            }
            for (Requirement r : labels) {
                if (!r.matches(nodeLabels)) {
                    return false;
                }
            }
            if (!fields.isEmpty()) {
                Map<String, String> nodeFields = Map.of("metadata.name", nodeName);
                for (Requirement r : fields) {
                    if (!r.matches(nodeFields)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    public boolean matches(Map<String, String> nodeLabels, String nodeName) {
        for (Term t : terms) {
            if (t.matches(nodeLabels, nodeName)) {
                return true;
            }
        }
        return false;
    }

    /** Parses a {@code nodeSelectorTerms} array. */
    public static NodeSelector fromTerms(JsonNode terms) {
        List<Term> out = new ArrayList<>();
        for (JsonNode t : terms) {
            out.add(term(t));
        }
        return new NodeSelector(List.copyOf(out));
    }

    /** Parses one {@code nodeSelectorTerm} object. */
    public static Term term(JsonNode t) {
        List<Requirement> labels = new ArrayList<>();
        List<Requirement> fields = new ArrayList<>();
        boolean valid = requirements(t.path("matchExpressions"), labels)
                && requirements(t.path("matchFields"), fields);
        for (Requirement f : fields) {
            if (!f.key().equals("metadata.name") || f.operator() != Operator.IN && f.operator() != Operator.NOT_IN
                    || f.values().size() != 1) {
                valid = false;
            }
        }
        return new Term(List.copyOf(labels), List.copyOf(fields), valid);
    }

    private static boolean requirements(JsonNode exprs, List<Requirement> out) {
        for (JsonNode e : exprs) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            Operator op = switch (e.path("operator").asText("")) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                case "Gt" -> Operator.GREATER_THAN;
                case "Lt" -> Operator.LESS_THAN;
                default -> null;
            };
            if (op == null) {
                return false;
            }
            out.add(new Requirement(e.path("key").asText(""), op, values));
        }
        return true;
    }
}
