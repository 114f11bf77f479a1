package dev.tugboat.api.labels;

import dev.tugboat.api.errors.ApiException;

/**
 * A label selector that cannot be parsed or built, carrying apimachinery's message
 * (e.g. {@code unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt}).
 * The server answers it with a 400 through {@link #toBadRequest()}.
 */
public final class InvalidSelectorException extends RuntimeException {

    public InvalidSelectorException(String message) {
        super(message, null, false, false);
    }

    /** The 400 BadRequest the API server returns for a bad {@code labelSelector} parameter. */
    public ApiException.BadRequest toBadRequest() {
        return new ApiException.BadRequest(getMessage());
    }
}
