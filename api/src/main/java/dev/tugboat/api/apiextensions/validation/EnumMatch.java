package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a value equals an {@code enum} member the way kube-openapi decides it: the value is
 * converted to the member's Go type when Go allows the conversion, then compared with
 * {@code reflect.DeepEqual}. So {@code 1.5} matches {@code 1} (float to int64 truncates) and
 * {@code 97} matches {@code "a"} (int64 to string makes a rune), while null never matches.
 * Stateless and thread-safe.
 */
final class EnumMatch {

    private EnumMatch() {
    }

    static boolean matches(JsonNode data, GoValue.Kind kind, JsonNode member) {
        GoValue.Kind mk = GoValue.kind(member);
        if (mk == GoValue.Kind.NULL) {
            return false;
        }
        return switch (kind) {
            case INT -> switch (mk) {
                case INT -> data.longValue() == member.longValue();
                case FLOAT -> (double) data.longValue() == member.doubleValue();
                case STRING -> runeString(data.longValue()).equals(member.textValue());
                default -> false;
            };
            case FLOAT -> switch (mk) {
                case INT -> (long) data.doubleValue() == member.longValue();
                case FLOAT -> data.doubleValue() == member.doubleValue();
                default -> false;
            };
            case STRING, BOOL, ARRAY, OBJECT -> kind == mk && GoValue.deepEqual(data, member);
            case NULL -> false;
        };
    }

    /** Go's {@code string(rune(i))}: the character, or U+FFFD when {@code i} is not a valid code point. */
    private static String runeString(long i) {
        boolean valid = i >= 0 && i <= Character.MAX_CODE_POINT && (i < 0xD800 || i > 0xDFFF);
        return valid ? new String(Character.toChars((int) i)) : "\uFFFD";
    }
}
