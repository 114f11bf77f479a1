package dev.tugboat.api.patch.apply;

import java.nio.charset.StandardCharsets;

/**
 * The manager name of a non-apply write: the {@code fieldManager} parameter, or else the
 * User-Agent up to its first {@code /} ({@code kubectl/v1.31.0 (linux/amd64) …} gives
 * {@code kubectl}), without non-printable characters and cut to 128 bytes. Stateless.
 */
public final class ManagerNames {

    /** Upstream's {@code FieldManagerMaxLength}. */
    public static final int MAX_LENGTH = 128;

    private ManagerNames() {
    }

    /** The manager for a request; empty when neither gives a name ({@link UpdateRequest} then uses {@code unknown}). */
    public static String of(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        return fromUserAgent(userAgent);
    }

    public static String fromUserAgent(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        String prefix = userAgent.split("/", 2)[0];
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < prefix.length(); ) {
            int cp = prefix.codePointAt(i);
            i += Character.charCount(cp);
            if (!isPrint(cp)) {
                continue;
            }
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_LENGTH) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += len;
        }
        return sb.toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
