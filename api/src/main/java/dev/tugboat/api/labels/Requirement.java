package dev.tugboat.api.labels;

import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.errors.GoValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One term of a label selector: a key, an operator and its values (apimachinery's
 * {@code labels.Requirement}). Immutable; build validated instances with {@link #of}.
 */
public record Requirement(String key, Operator operator, List<String> values) {

    public Requirement {
        values = List.copyOf(values);
    }

    /**
     * A validated requirement, as {@code labels.NewRequirement}: the key must be a label key, the
     * value count must fit the operator, {@code gt}/{@code lt} values must be integers and every
     * value must be a label value.
     *
     * @throws InvalidSelectorException with the aggregated field errors
     */
    public static Requirement of(String key, Operator operator, List<String> values) {
        List<String> errors = new ArrayList<>();
        List<String> keyErrors = Formats.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            errors.add(FieldError.invalid(FieldPath.root("key"), key, String.join("; ", keyErrors)).toString());
        }
        FieldPath valuePath = FieldPath.root("values");
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errors.add(FieldError.invalid(valuePath, new GoStrings(values),
                            "for 'in', 'notin' operators, values set can't be empty").toString());
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errors.add(FieldError.invalid(valuePath, new GoStrings(values),
                            "exact-match compatibility requires one single value").toString());
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errors.add(FieldError.invalid(valuePath, new GoStrings(values),
                            "values set must be empty for exists and does not exist").toString());
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errors.add(FieldError.invalid(valuePath, new GoStrings(values),
                            "for 'Gt', 'Lt' operators, exactly one value is required").toString());
                }
                for (int i = 0; i < values.size(); i++) {
                    if (parseInt64(values.get(i)) == null) {
                        errors.add(FieldError.invalid(valuePath.index(i), values.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer").toString());
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueErrors = Formats.labelValue(values.get(i));
            if (!valueErrors.isEmpty()) {
                errors.add(FieldError.invalid(valuePath.index(i).key(key), values.get(i),
                        String.join("; ", valueErrors)).toString());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSelectorException(aggregate(errors));
        }
        return new Requirement(key, operator, values);
    }

    /** Whether the labels satisfy this requirement; a missing key satisfies only {@code notin}, {@code !=} and {@code !}. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.get(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> actual != null && values.contains(actual);
            case NOT_IN, NOT_EQUALS -> actual == null || !values.contains(actual);
            case EXISTS -> actual != null;
            case DOES_NOT_EXIST -> actual == null;
            case GREATER_THAN, LESS_THAN -> compares(actual);
        };
    }

    private boolean compares(String actual) {
        if (actual == null || values.size() != 1) {
            return false;
        }
        Long have = parseInt64(actual);
        Long want = parseInt64(values.get(0));
        if (have == null || want == null) {
            return false;
        }
        return operator == Operator.GREATER_THAN ? have > want : have < want;
    }

    /** The canonical form: {@code k=v}, {@code k in (a,b)} with sorted values, {@code !k}, {@code k>1}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (operator == Operator.DOES_NOT_EXIST) {
            sb.append('!');
        }
        sb.append(key);
        String joined = values.size() == 1 ? values.get(0)
                : values.stream().sorted().collect(Collectors.joining(","));
        switch (operator) {
            case EQUALS -> sb.append('=').append(joined);
            case DOUBLE_EQUALS -> sb.append("==").append(joined);
            case NOT_EQUALS -> sb.append("!=").append(joined);
            case IN -> sb.append(" in (").append(joined).append(')');
            case NOT_IN -> sb.append(" notin (").append(joined).append(')');
            case GREATER_THAN -> sb.append('>').append(joined);
            case LESS_THAN -> sb.append('<').append(joined);
            case EXISTS, DOES_NOT_EXIST -> {
            }
        }
        return sb.toString();
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, decimal digits, in range; null otherwise. */
    static Long parseInt64(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** apimachinery's aggregate error text: one message as is, several de-duplicated inside {@code [...]}. */
    static String aggregate(List<String> messages) {
        Set<String> unique = new LinkedHashSet<>(messages);
        return unique.size() == 1 ? unique.iterator().next() : "[" + String.join(", ", unique) + "]";
    }

    /** A string slice rendered as Go's {@code %#v} does in field errors: {@code []string{"a", "b"}}. */
    private record GoStrings(List<String> values) {
        @Override
        public String toString() {
            return values.stream().map(GoValues::quote).collect(Collectors.joining(", ", "[]string{", "}"));
        }
    }
}
