package dev.tugboat.api.labels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.GoValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A label selector: the AND of its requirements, sorted by key (apimachinery's {@code labels.Selector}).
 * An empty selector matches everything; {@link #nothing()} matches no object at all (what a
 * {@code null} {@code metav1.LabelSelector} means). Immutable and thread-safe.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** The selector that matches every label set. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** The selector that matches no label set. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /**
     * Parses the string syntax ({@code app=web,tier in (a,b),!canary,replicas>1}); an empty or blank
     * string matches everything.
     *
     * @throws InvalidSelectorException with upstream's message; the server answers 400
     */
    public static LabelSelector parse(String selector) {
        return of(SelectorParser.parse(selector));
    }

    /** A selector from already validated requirements, sorted by key as upstream does. */
    public static LabelSelector of(List<Requirement> requirements) {
        if (requirements.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key));
        return new LabelSelector(List.copyOf(sorted), false);
    }

    /** The selector {@code k1=v1,k2=v2} for an exact label set (no validation, as {@code SelectorFromSet}). */
    public static LabelSelector fromSet(Map<String, String> labels) {
        List<Requirement> reqs = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        return of(reqs);
    }

    /**
     * Converts a {@code metav1.LabelSelector} JSON object ({@code matchLabels} and
     * {@code matchExpressions}), as upstream's {@code LabelSelectorAsSelector}: a missing or JSON null
     * selector matches nothing, an empty one matches everything.
     *
     * @throws InvalidSelectorException for an unknown operator or invalid keys and values
     */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return NOTHING;
        }
        JsonNode matchLabels = selector.path("matchLabels");
        JsonNode expressions = selector.path("matchExpressions");
        List<Requirement> reqs = new ArrayList<>();
        matchLabels.properties().forEach(e ->
                reqs.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(e.getValue().asText()))));
        for (JsonNode expr : expressions) {
            String op = expr.path("operator").asText("");
            Operator operator = switch (op) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw new InvalidSelectorException(
                        GoValues.quote(op) + " is not a valid label selector operator");
            };
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            reqs.add(Requirement.of(expr.path("key").asText(""), operator, values));
        }
        return of(reqs);
    }

    /** The requirements, sorted by key; empty for {@link #everything()} and {@link #nothing()}. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** True when the selector does not restrict anything (and is not {@link #nothing()}). */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /** True only for {@link #nothing()}. */
    public boolean matchesNothing() {
        return nothing;
    }

    /** Whether a label set satisfies every requirement. */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The value a label must have for any object to match ({@code k=v}, {@code k==v} or {@code k in (v)}), if any. */
    public Optional<String> requiresExactMatch(String label) {
        for (Requirement r : requirements) {
            if (r.key().equals(label)) {
                boolean exact = r.operator() == Operator.EQUALS || r.operator() == Operator.DOUBLE_EQUALS
                        || r.operator() == Operator.IN;
                return exact && r.values().size() == 1 ? Optional.of(r.values().get(0)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The canonical string: requirements sorted by key, comma-joined; empty for everything and nothing. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && other.nothing == nothing && other.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + Boolean.hashCode(nothing);
    }
}
