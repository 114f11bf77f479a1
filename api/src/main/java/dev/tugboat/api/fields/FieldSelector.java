package dev.tugboat.api.fields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A field selector: the AND of {@code field=value} and {@code field!=value} terms (apimachinery's
 * {@code fields.Selector}). A field absent from the object's field set reads as the empty string.
 * Immutable and thread-safe.
 */
public final class FieldSelector {

    /** One term; {@code equal} false means {@code !=}. */
    public record Term(String field, boolean equal, String value) {

        boolean matches(Map<String, String> fields) {
            return fields.getOrDefault(field, "").equals(value) == equal;
        }

        /** {@code field=value} or {@code field!=value}, the value escaped. */
        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + escapeValue(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private static final List<String> OPERATORS = List.of("!=", "==", "=");

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** The selector that matches every object. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** A selector from terms, in the given order. */
    public static FieldSelector of(List<Term> terms) {
        return terms.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(terms));
    }

    /** {@code field=value}. */
    public static FieldSelector oneTermEqual(String field, String value) {
        return of(List.of(new Term(field, true, value)));
    }

    /**
     * Parses {@code f=v,f2!=v2}: commas separate terms unless escaped, {@code ==} equals {@code =},
     * the value may escape {@code \\}, {@code \,} and {@code \=}. Terms are ordered by their text.
     *
     * @throws InvalidFieldSelectorException with upstream's message
     */
    public static FieldSelector parse(String selector) {
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Term term = splitTerm(part);
            if (term == null) {
                throw new InvalidFieldSelectorException(
                        "invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            terms.add(term);
        }
        return of(terms);
    }

    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    /** Splits at the first operator; the field part cannot escape anything. */
    private static Term splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : OPERATORS) {
                if (term.startsWith(op, i)) {
                    String value = unescapeValue(term.substring(i + op.length()));
                    return new Term(term.substring(0, i), !op.equals("!="), value);
                }
            }
        }
        return null;
    }

    private static String unescapeValue(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        boolean escaped = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new InvalidFieldSelectorException(
                            "invalid field selector: invalid escape sequence: \\" + c);
                }
                sb.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                // Go prints the rune with %v, i.e. as its code point
                throw new InvalidFieldSelectorException(
                        "invalid field selector: unescaped character in value: " + (int) c);
            } else {
                sb.append(c);
            }
        }
        if (escaped) {
            throw new InvalidFieldSelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return sb.toString();
    }

    /** Escapes {@code \}, {@code ,} and {@code =} so the value survives {@link #parse}. */
    public static String escapeValue(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    public List<Term> terms() {
        return terms;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Whether the object's field set satisfies every term; absent fields read as {@code ""}. */
    public boolean matches(Map<String, String> fields) {
        for (Term t : terms) {
            if (!t.matches(fields)) {
                return false;
            }
        }
        return true;
    }

    /** The value a field must equal for any object to match, if a term demands one. */
    public Optional<String> requiresExactMatch(String field) {
        for (Term t : terms) {
            if (t.equal() && t.field().equals(field)) {
                return Optional.of(t.value());
            }
        }
        return Optional.empty();
    }

    /** A copy with every term rewritten (used to map accepted field labels to canonical ones). */
    public FieldSelector transform(UnaryOperator<Term> fn) {
        return of(terms.stream().map(fn).toList());
    }

    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && other.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }
}
