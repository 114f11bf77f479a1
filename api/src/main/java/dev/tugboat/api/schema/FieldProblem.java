package dev.tugboat.api.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A field of a request body that does not fit the kind's schema.
 *
 * @param type    what is wrong
 * @param path    the field path as upstream prints it, e.g. {@code spec.containers[0].foo}
 * @param message upstream's wording, e.g. {@code unknown field "spec.containers[0].foo"}
 */
public record FieldProblem(Type type, String path, String message) {

    /** What is wrong with the field. */
    public enum Type {
        /** Not declared in the schema. Strict: error; Warn: warning; Ignore: dropped silently. */
        UNKNOWN_FIELD,
        /** The same key twice in one object of the raw body. Strict: error; Warn: warning; Ignore: last wins. */
        DUPLICATE_FIELD,
        /** A value of the wrong JSON type: always a 400, whatever the field validation level. */
        WRONG_TYPE
    }

    static FieldProblem unknown(String path) {
        return new FieldProblem(Type.UNKNOWN_FIELD, path, "unknown field \"" + path + "\"");
    }

    static FieldProblem duplicate(String path) {
        return new FieldProblem(Type.DUPLICATE_FIELD, path, "duplicate field \"" + path + "\"");
    }

    /**
     * Upstream's message for {@code fieldValidation=Strict} failures:
     * {@code strict decoding error: unknown field "spec.foo", duplicate field "x"}.
     */
    public static String strictDecodingError(List<FieldProblem> problems) {
        return "strict decoding error: " + problems.stream().map(FieldProblem::message).collect(Collectors.joining(", "));
    }
}
