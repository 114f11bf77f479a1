package dev.tugboat.api.quantity;

/**
 * A string that is not a quantity. The message is apimachinery's error text, which the decoder puts
 * in its 400 BadRequest ({@code ... cannot be handled as a Pod: <message>}).
 */
public final class QuantityFormatException extends IllegalArgumentException {

    /** The text for input that does not match the quantity grammar. */
    public static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    /** The text for a well-formed number with an unknown suffix. */
    public static final String SUFFIX = "unable to parse quantity's suffix";
    /** The text for a numeric part that cannot be read. */
    public static final String NUMERIC = "unable to parse numeric part of quantity";

    QuantityFormatException(String message) {
        super(message, null);
    }
}
