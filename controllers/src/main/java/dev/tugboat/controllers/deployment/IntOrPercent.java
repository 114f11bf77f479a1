package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An {@code IntOrString} that is a count or a percentage ({@code 3}, {@code "25%"}), scaled against a
 * total as upstream's GetScaledValueFromIntOrPercent does.
 */
public record IntOrPercent(int value, boolean percent) {

    public static IntOrPercent count(int n) {
        return new IntOrPercent(n, false);
    }

    public static IntOrPercent percent(int p) {
        return new IntOrPercent(p, true);
    }

    /**
     * From JSON: a number, a {@code "N%"} string, or (as Go's IntOrString accepts) a string of digits.
     * Absent gives {@code fallback}.
     *
     * @throws IllegalArgumentException for any other string
     */
    public static IntOrPercent parse(JsonNode node, IntOrPercent fallback) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return count(node.asInt());
        }
        String s = node.asText();
        try {
            if (s.endsWith("%")) {
                return percent(Integer.parseInt(s.substring(0, s.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
    }

    /** The count against {@code total}: a percentage rounds up or down as asked, a count is itself. */
    public int scaled(int total, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long product = (long) value * total;
        return (int) (roundUp ? Math.ceilDiv(product, 100L) : Math.floorDiv(product, 100L));
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
