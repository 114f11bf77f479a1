package dev.tugboat.api.fields;

import dev.tugboat.api.errors.ApiException;

/**
 * A field selector that cannot be parsed, or that names a field the kind does not support,
 * carrying upstream's message. The server answers it with a 400 through {@link #toBadRequest()}.
 */
public final class InvalidFieldSelectorException extends RuntimeException {

    public InvalidFieldSelectorException(String message) {
        super(message, null, false, false);
    }

    /** The 400 BadRequest the API server returns for a bad {@code fieldSelector} parameter. */
    public ApiException.BadRequest toBadRequest() {
        return new ApiException.BadRequest(getMessage());
    }
}
