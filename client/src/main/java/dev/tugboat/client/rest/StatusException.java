package dev.tugboat.client.rest;

import dev.tugboat.api.errors.Status;

/**
 * The server answered with an error {@link Status} (any non-2xx response, or an ERROR watch event), the
 * client-side counterpart of the server's {@code ApiException}. The Status is what the server sent, or
 * one synthesized from the HTTP code when the body was not a Status.
 */
public final class StatusException extends RuntimeException {

    private final Status status;

    public StatusException(Status status) {
        super(status.message() == null || status.message().isEmpty()
                ? status.code() + " " + status.reason() : status.message());
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.code();
    }

    /** The machine-readable reason, e.g. {@code NotFound}, {@code Conflict}, {@code Expired}. */
    public String reason() {
        return status.reason() == null ? "" : status.reason();
    }

    public boolean isNotFound() {
        return code() == 404;
    }

    public boolean isAlreadyExists() {
        return code() == 409 && "AlreadyExists".equals(status.reason());
    }

    /** A 409 other than AlreadyExists: a stale resourceVersion or a failed precondition. */
    public boolean isConflict() {
        return code() == 409 && !"AlreadyExists".equals(status.reason());
    }

    /** 410: the resourceVersion or continue token is too old (reasons Expired or Gone). */
    public boolean isGone() {
        return code() == 410;
    }

    public boolean isMethodNotSupported() {
        return code() == 405;
    }

    public boolean isInvalid() {
        return code() == 422;
    }
}
