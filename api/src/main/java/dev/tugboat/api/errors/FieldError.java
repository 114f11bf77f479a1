package dev.tugboat.api.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One validation failure, as apimachinery's {@code field.Error}: a type, the field path, the
 * offending value and a detail. {@link #body()} is the text a {@code Status} cause carries;
 * {@link #toString()} is {@code <field>: <body>}.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** Marker for "no value to show" (distinct from a JSON null value, which renders as {@code null}). */
    public static final Object OMITTED = new Object() {
        @Override
        public String toString() {
            return "<omitted>";
        }
    };

    /** The error types and their wire reasons and human texts. */
    public enum Type {
        REQUIRED("FieldValueRequired", "Required value", false),
        INVALID("FieldValueInvalid", "Invalid value", true),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
        DUPLICATE("FieldValueDuplicate", "Duplicate value", true),
        FORBIDDEN("FieldValueForbidden", "Forbidden", false),
        TOO_LONG("FieldValueTooLong", "Too long", false),
        TOO_MANY("FieldValueTooMany", "Too many", true),
        NOT_FOUND("FieldValueNotFound", "Not found", true),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true),
        INTERNAL("InternalError", "Internal error", false);

        private final String reason;
        private final String human;
        private final boolean showsValue;

        Type(String reason, String human, boolean showsValue) {
            this.reason = reason;
            this.human = human;
            this.showsValue = showsValue;
        }

        public String reason() {
            return reason;
        }

        public String human() {
            return human;
        }
    }

    public static FieldError required(FieldPath path, String detail) {
        return new FieldError(Type.REQUIRED, path.toString(), OMITTED, detail);
    }

    public static FieldError invalid(FieldPath path, Object value, String detail) {
        return new FieldError(Type.INVALID, path.toString(), value, detail);
    }

    public static FieldError notSupported(FieldPath path, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(GoValues::quote).collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, path.toString(), value, detail);
    }

    public static FieldError duplicate(FieldPath path, Object value) {
        return new FieldError(Type.DUPLICATE, path.toString(), value, "");
    }

    public static FieldError forbidden(FieldPath path, String detail) {
        return new FieldError(Type.FORBIDDEN, path.toString(), OMITTED, detail);
    }

    public static FieldError tooLong(FieldPath path, int maxLength) {
        return new FieldError(Type.TOO_LONG, path.toString(), OMITTED, "must have at most " + maxLength + " bytes");
    }

    public static FieldError tooMany(FieldPath path, int actual, int max) {
        return new FieldError(Type.TOO_MANY, path.toString(), actual, "must have at most " + max + " items");
    }

    public static FieldError notFound(FieldPath path, Object value) {
        return new FieldError(Type.NOT_FOUND, path.toString(), value, "");
    }

    public static FieldError typeInvalid(FieldPath path, Object value, String detail) {
        return new FieldError(Type.TYPE_INVALID, path.toString(), value, detail);
    }

    public static FieldError internal(FieldPath path, String detail) {
        return new FieldError(Type.INTERNAL, path.toString(), OMITTED, detail);
    }

    /** The cause message: {@code <Human>[: <value>][: <detail>]}. */
    public String body() {
        StringBuilder sb = new StringBuilder(type.human());
        if (type.showsValue && badValue != OMITTED) {
            sb.append(": ").append(GoValues.render(badValue));
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return field.isEmpty() ? body() : field + ": " + body();
    }
}
