package dev.tugboat.api.errors;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders values the way Go's {@code %v}/{@code %q} do in Kubernetes error messages. */
public final class GoValues {

    private GoValues() {
    }

    /** Strings are Go-quoted, numbers and booleans bare, null as {@code null}, JSON trees as compact JSON. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence s) {
            return quote(s.toString());
        }
        if (value instanceof JsonNode node) {
            if (node.isTextual()) {
                return quote(node.textValue());
            }
            if (node.isNull() || node.isMissingNode()) {
                return "null";
            }
            return node.toString();
        }
        return String.valueOf(value);
    }

    /** Go's {@code strconv.Quote}: double quotes, with backslash escapes for quotes, backslashes and controls. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
