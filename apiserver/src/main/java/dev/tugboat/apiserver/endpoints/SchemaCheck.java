package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.List;

/**
 * Checks a decoded request object against its kind's schema under a {@code fieldValidation} mode:
 * Strict rejects unknown or duplicate fields with a 400, Warn reports them as warnings, Ignore drops
 * them silently. Type mismatches are a 400 in every mode. Thread-safe.
 */
public interface SchemaCheck {

    /**
     * @param raw the body as received when it was JSON or YAML (for duplicate-field detection), else null
     * @return warnings for the client; unknown fields have been removed from {@code obj} unless rejected
     */
    List<String> check(GroupVersionKind kind, ObjectNode obj, RawBody raw, RequestOptions.FieldValidation mode);

    /** A request body as received, in JSON or YAML: duplicate keys are only visible there. */
    record RawBody(byte[] bytes, boolean yaml) {
    }
}
