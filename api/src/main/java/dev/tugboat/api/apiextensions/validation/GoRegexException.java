package dev.tugboat.api.apiextensions.validation;

/**
 * A regular expression Go's {@code regexp} package would reject; the message is Go's
 * ({@code error parsing regexp: invalid escape sequence: `\Z`}).
 */
public final class GoRegexException extends Exception {

    public GoRegexException(String message) {
        super(message);
    }
}
