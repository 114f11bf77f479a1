package dev.tugboat.api.patch.strategic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.patch.GoFormat;

/**
 * The strategic-merge-patch errors, with apimachinery's {@code mergepatch} texts. Format errors are
 * 400 and lists of lists 422, as upstream maps them; the merge errors upstream leaves as 500 are 400
 * here (kubectl prints the same message).
 */
final class SmpErrors {

    static final String BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
    static final String BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
    static final String BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";

    private SmpErrors() {
    }

    static ApiException badRequest(String message) {
        return new ApiException.BadRequest(message);
    }

    static ApiException noListOfLists() {
        return new ApiException.Invalid("lists of lists are not supported");
    }

    static ApiException noMergeKey(JsonNode map, String mergeKey) {
        return badRequest("map: " + GoFormat.value(map) + " does not contain declared merge key: " + mergeKey);
    }

    static ApiException badPatchType(JsonNode type, JsonNode map) {
        return badRequest("unknown patch type: " + GoFormat.value(type) + " in map: " + GoFormat.value(map));
    }

    static ApiException badArgType(String expected, JsonNode actual) {
        return badRequest("expected a " + expected + ", but received a " + GoFormat.typeName(actual));
    }
}
