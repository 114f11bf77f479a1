package dev.tugboat.api.patch.json;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6901 JSON Pointer: {@code ""} is the whole document, {@code "/a/b~1c"} the tokens
 * {@code a} and {@code b/c} ({@code ~1} is {@code /}, {@code ~0} is {@code ~}). Immutable.
 */
public record JsonPointer(String text, List<String> tokens) {

    public JsonPointer {
        tokens = List.copyOf(tokens);
    }

    /**
     * Parses a pointer.
     *
     * @throws IllegalArgumentException if it neither is empty nor starts with {@code /}, or has a
     *                                  {@code ~} not followed by {@code 0} or {@code 1}
     */
    public static JsonPointer parse(String text) {
        if (text.isEmpty()) {
            return new JsonPointer(text, List.of());
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("JSON pointer must be empty or start with /: \"" + text + "\"");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            tokens.add(unescape(raw, text));
        }
        return new JsonPointer(text, tokens);
    }

    private static String unescape(String raw, String text) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next != '0' && next != '1') {
                throw new IllegalArgumentException("invalid escape in JSON pointer \"" + text + "\"");
            }
            sb.append(next == '0' ? '~' : '/');
            i++;
        }
        return sb.toString();
    }

    /** Escapes one reference token: {@code ~} to {@code ~0} and {@code /} to {@code ~1}. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    public boolean isRoot() {
        return tokens.isEmpty();
    }

    /** The pointer to the containing value; must not be called on the root. */
    public List<String> parentTokens() {
        return tokens.subList(0, tokens.size() - 1);
    }

    /** The last token; must not be called on the root. */
    public String last() {
        return tokens.getLast();
    }

    @Override
    public String toString() {
        return text;
    }
}
