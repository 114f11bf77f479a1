package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.validation.Bare;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code multipleOf}, {@code minimum} and {@code maximum} as kube-openapi checks them: an
 * {@code int64} value is compared with the bound truncated to an integer (and the message shows
 * that integer), a {@code float64} value with the bound as is (shown as Go prints a float, e.g.
 * {@code 1e+06}). Failures come in that order. Stateless and thread-safe.
 */
final class NumberChecks {

    private NumberChecks() {
    }

    static List<FieldError> check(JsonNode data, GoValue.Kind kind, SchemaProps s, String path) {
        List<FieldError> errs = new ArrayList<>();
        boolean isInt = kind == GoValue.Kind.INT;
        long l = isInt ? data.longValue() : 0;
        double d = data.doubleValue();
        Object value = isInt ? (Object) l : new Bare(GoValue.formatFloat(d));
        if (s.multipleOf != null) {
            // An integer factor below 1 truncates to 0, where upstream would divide by zero; use the float rule.
            if (isInt && (long) s.multipleOf.doubleValue() != 0) {
                long factor = (long) s.multipleOf.doubleValue();
                if (factor < 0) {
                    errs.add(mustBePositive(path, factor));
                } else if (l % factor != 0) {
                    errs.add(SchemaValidator.invalid(path, value, SchemaValidator.inBody(path)
                            + " should be a multiple of " + factor));
                }
            } else {
                double factor = s.multipleOf;
                if (factor < 0) {
                    errs.add(mustBePositive(path, new Bare(GoValue.formatFloat(factor))));
                } else if (!GoValue.isJsonInteger(factor < 1 ? 1 / factor * d : d / factor)) {
                    errs.add(SchemaValidator.invalid(path, value, SchemaValidator.inBody(path)
                            + " should be a multiple of " + GoValue.formatFloat(factor)));
                }
            }
        }
        if (s.minimum != null) {
            boolean below = isInt ? l < (long) s.minimum.doubleValue() : d < s.minimum;
            boolean atBound = isInt ? l == (long) s.minimum.doubleValue() : d == s.minimum;
            if (below || s.exclusiveMinimum && atBound) {
                errs.add(SchemaValidator.invalid(path, value, SchemaValidator.inBody(path) + " should be greater than "
                        + (s.exclusiveMinimum ? "" : "or equal to ") + bound(isInt, s.minimum)));
            }
        }
        if (s.maximum != null) {
            boolean above = isInt ? l > (long) s.maximum.doubleValue() : d > s.maximum;
            boolean atBound = isInt ? l == (long) s.maximum.doubleValue() : d == s.maximum;
            if (above || s.exclusiveMaximum && atBound) {
                errs.add(SchemaValidator.invalid(path, value, SchemaValidator.inBody(path) + " should be less than "
                        + (s.exclusiveMaximum ? "" : "or equal to ") + bound(isInt, s.maximum)));
            }
        }
        return errs;
    }

    private static String bound(boolean isInt, double bound) {
        return isInt ? String.valueOf((long) bound) : GoValue.formatFloat(bound);
    }

    private static FieldError mustBePositive(String path, Object factor) {
        return SchemaValidator.invalid(path, factor, "factor MultipleOf declared for " + path + " must be positive: "
                + factor);
    }
}
