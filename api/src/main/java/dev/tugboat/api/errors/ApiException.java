package dev.tugboat.api.errors;

import dev.tugboat.api.meta.GroupResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An API error that maps 1:1 to a {@link Status}, as apimachinery's {@code errors.StatusError}.
 * Thrown anywhere in request handling; the HTTP layer renders {@link #status()} and never a stack trace.
 */
public abstract sealed class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message, null, false, false);
    }

    /** The Status object sent to the client. */
    public abstract Status status();

    public final int code() {
        return status().code();
    }

    private static Status.Details resourceDetails(GroupResource gr, String name) {
        return Status.Details.of(name, gr.group(), gr.resource());
    }

    /** 400: the request itself is malformed. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(400, "BadRequest", getMessage(), null);
        }
    }

    /** 401. */
    public static final class Unauthorized extends ApiException {
        public Unauthorized(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(401, "Unauthorized", getMessage(), null);
        }
    }

    /** 403: {@code <resource> "<name>" is forbidden: <reason>}. */
    public static final class Forbidden extends ApiException {
        private final GroupResource resource;
        private final String name;

        public Forbidden(GroupResource resource, String name, String reason) {
            super(forbiddenMessage(resource, name, reason));
            this.resource = resource;
            this.name = name;
        }

        private static String forbiddenMessage(GroupResource gr, String name, String reason) {
            String subject = name == null || name.isEmpty()
                    ? gr.qualified() : gr.qualified() + " \"" + name + "\"";
            return subject + " is forbidden: " + reason;
        }

        @Override
        public Status status() {
            return Status.failure(403, "Forbidden", getMessage(), resourceDetails(resource, name));
        }
    }

    /** 404 for a named object, or a generic 404 when {@code resource} is null. */
    public static final class NotFound extends ApiException {
        private final GroupResource resource;
        private final String name;

        public NotFound(GroupResource resource, String name) {
            super(resource.qualified() + " \"" + name + "\" not found");
            this.resource = resource;
            this.name = name;
        }

        /** The server has no such path, resource type or subresource. */
        public NotFound(String message) {
            super(message);
            this.resource = null;
            this.name = null;
        }

        @Override
        public Status status() {
            return Status.failure(404, "NotFound", getMessage(),
                    resource == null ? null : resourceDetails(resource, name));
        }
    }

    /** 405: the verb is not supported on this resource. */
    public static final class MethodNotSupported extends ApiException {
        private final GroupResource resource;

        public MethodNotSupported(GroupResource resource, String verb) {
            super(verb + " is not supported on resources of kind \"" + resource.qualified() + "\"");
            this.resource = resource;
        }

        @Override
        public Status status() {
            return Status.failure(405, "MethodNotAllowed", getMessage(), resourceDetails(resource, ""));
        }
    }

    /** 406: nothing the client accepts can be produced. */
    public static final class NotAcceptable extends ApiException {
        public NotAcceptable(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(406, "NotAcceptable", getMessage(), null);
        }
    }

    /** 409 AlreadyExists. */
    public static final class AlreadyExists extends ApiException {
        private final GroupResource resource;
        private final String name;

        public AlreadyExists(GroupResource resource, String name) {
            this(resource, name, resource.qualified() + " \"" + name + "\" already exists");
        }

        public AlreadyExists(GroupResource resource, String name, String message) {
            super(message);
            this.resource = resource;
            this.name = name;
        }

        @Override
        public Status status() {
            return Status.failure(409, "AlreadyExists", getMessage(), resourceDetails(resource, name));
        }
    }

    /** 409 Conflict: a stale resourceVersion, a failed precondition or an apply conflict. */
    public static final class Conflict extends ApiException {
        public static final String MODIFIED =
                "the object has been modified; please apply your changes to the latest version and try again";

        private final GroupResource resource;
        private final String name;
        private final List<Status.Cause> causes;

        public Conflict(GroupResource resource, String name, String reason) {
            super("Operation cannot be fulfilled on " + resource.qualified() + " \"" + name + "\": " + reason);
            this.resource = resource;
            this.name = name;
            this.causes = List.of();
        }

        /** A conflict with a literal message and causes (server-side apply). */
        public Conflict(String message, List<Status.Cause> causes) {
            super(message);
            this.resource = null;
            this.name = null;
            this.causes = List.copyOf(causes);
        }

        @Override
        public Status status() {
            Status.Details details = resource == null
                    ? new Status.Details(null, null, null, null, causes, null)
                    : resourceDetails(resource, name);
            return Status.failure(409, "Conflict", getMessage(), details);
        }
    }

    /** 410: the requested resourceVersion or continue token is older than what is kept. */
    public static final class Expired extends ApiException {
        public Expired(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(410, "Expired", getMessage(), null);
        }
    }

    /** 413. */
    public static final class RequestEntityTooLarge extends ApiException {
        public RequestEntityTooLarge(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(413, "RequestEntityTooLarge", getMessage(), null);
        }
    }

    /** 415. */
    public static final class UnsupportedMediaType extends ApiException {
        public UnsupportedMediaType(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(415, "UnsupportedMediaType", getMessage(), null);
        }
    }

    /** 422 Invalid with one cause per field error. */
    public static final class Invalid extends ApiException {
        private final String group;
        private final String kind;
        private final String name;
        private final List<FieldError> errors;

        /**
         * @param group the API group ("" for core)
         * @param kind  the Kind (not the resource), e.g. {@code Pod}, {@code PatchOptions}
         */
        public Invalid(String group, String kind, String name, List<FieldError> errors) {
            super(invalidMessage(group, kind, name, errors));
            this.group = group;
            this.kind = kind;
            this.name = name;
            this.errors = List.copyOf(errors);
        }

        /**
         * A 422 with a literal message and no causes, as apimachinery's generic 422 response that
         * the patch handler returns when a JSON patch operation or a merge fails.
         */
        public Invalid(String message) {
            super(message);
            this.group = "";
            this.kind = "";
            this.name = "";
            this.errors = List.of();
        }

        private static String invalidMessage(String group, String kind, String name, List<FieldError> errors) {
            String qualified = group == null || group.isEmpty() ? kind : kind + "." + group;
            Set<String> unique = new LinkedHashSet<>();
            for (FieldError e : errors) {
                unique.add(e.toString());
            }
            String joined = unique.size() == 1 ? unique.iterator().next() : "[" + String.join(", ", unique) + "]";
            return qualified + " \"" + (name == null ? "" : name) + "\" is invalid: " + joined;
        }

        public List<FieldError> errors() {
            return errors;
        }

        @Override
        public Status status() {
            List<Status.Cause> causes = new ArrayList<>();
            for (FieldError e : errors) {
                causes.add(new Status.Cause(e.type().reason(), e.body(), e.field()));
            }
            return Status.failure(422, "Invalid", getMessage(),
                    new Status.Details(name, group, kind, null, causes, null));
        }
    }

    /** 429. */
    public static final class TooManyRequests extends ApiException {
        private final int retryAfterSeconds;
        private final List<Status.Cause> causes;

        public TooManyRequests(String message, int retryAfterSeconds) {
            this(message, retryAfterSeconds, List.of());
        }

        public TooManyRequests(String message, int retryAfterSeconds, List<Status.Cause> causes) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
            this.causes = List.copyOf(causes);
        }

        @Override
        public Status status() {
            return Status.failure(429, "TooManyRequests", getMessage(),
                    new Status.Details(null, null, null, null, causes,
                            retryAfterSeconds > 0 ? retryAfterSeconds : null));
        }
    }

    /** 500: a broken invariant on the server; never used for bad input. */
    public static final class Internal extends ApiException {
        public Internal(String message) {
            super("Internal error occurred: " + message);
        }

        @Override
        public Status status() {
            return Status.failure(500, "InternalError", getMessage(), null);
        }
    }

    /** 503. */
    public static final class ServiceUnavailable extends ApiException {
        public ServiceUnavailable(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(503, "ServiceUnavailable", getMessage(), null);
        }
    }

    /** 504. */
    public static final class Timeout extends ApiException {
        public Timeout(String message) {
            super(message);
        }

        @Override
        public Status status() {
            return Status.failure(504, "Timeout", getMessage(), null);
        }
    }
}
