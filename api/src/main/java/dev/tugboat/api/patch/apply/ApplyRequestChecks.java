package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.meta.GroupVersionKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The request-level checks around patches and server-side apply, with upstream's messages:
 * query parameters (422 on {@code PatchOptions}, {@code CreateOptions} or {@code UpdateOptions})
 * and the applied body (400). Stateless.
 */
public final class ApplyRequestChecks {

    private static final String META_GROUP = "meta.k8s.io";

    private ApplyRequestChecks() {
    }

    /**
     * PATCH query parameters: apply requires {@code fieldManager}; {@code force} (even false) is
     * only allowed with apply; the manager must be valid.
     *
     * @param force the {@code force} parameter, null when absent
     * @throws ApiException.Invalid on kind {@code PatchOptions}
     */
    public static void patchOptions(boolean apply, String fieldManager, Boolean force) {
        List<FieldError> errors = new ArrayList<>();
        if (!apply && force != null) {
            errors.add(FieldError.forbidden(FieldPath.root("force"), "may not be specified for non-apply patch"));
        }
        if (apply && (fieldManager == null || fieldManager.isEmpty())) {
            errors.add(FieldError.required(FieldPath.root("fieldManager"), "is required for apply patch"));
        }
        errors.addAll(fieldManager(fieldManager));
        throwIfAny("PatchOptions", errors);
    }

    /**
     * The {@code fieldManager} parameter of a create or update.
     *
     * @param optionsKind {@code CreateOptions} or {@code UpdateOptions}
     */
    public static void writeOptions(String optionsKind, String fieldManager) {
        throwIfAny(optionsKind, fieldManager(fieldManager));
    }

    /** At most 128 bytes, printable characters only; empty is allowed (defaulted later). */
    public static List<FieldError> fieldManager(String fieldManager) {
        List<FieldError> errors = new ArrayList<>();
        if (fieldManager == null) {
            return errors;
        }
        FieldPath path = FieldPath.root("fieldManager");
        if (fieldManager.getBytes(StandardCharsets.UTF_8).length > ManagerNames.MAX_LENGTH) {
            errors.add(FieldError.tooLong(path, ManagerNames.MAX_LENGTH));
        }
        int bytePos = 0;
        for (int i = 0; i < fieldManager.length(); ) {
            int cp = fieldManager.codePointAt(i);
            if (!ManagerNames.isPrint(cp)) {
                errors.add(FieldError.invalid(path, fieldManager, String.format("invalid character U+%04X (at position %d)",
                        cp, bytePos)));
            }
            bytePos += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(cp);
        }
        return errors;
    }

    /**
     * The applied configuration against the endpoint: same apiVersion and kind, no managedFields,
     * and, when set, the name and namespace of the URL. (A configuration without a name merges into
     * live and keeps live's name; the caller checks the final object with
     * {@link #objectNameAndNamespace}.)
     *
     * @throws ApiException.BadRequest with upstream's message
     */
    public static void appliedConfig(JsonNode config, GroupVersionKind endpoint, String urlName, String urlNamespace) {
        if (config == null || !config.isObject()) {
            throw new ApiException.BadRequest("error decoding YAML: the applied configuration must be an object");
        }
        String apiVersion = config.path("apiVersion").asText("");
        String kind = config.path("kind").asText("");
        if (!apiVersion.equals(endpoint.apiVersion()) || !kind.equals(endpoint.kind())) {
            throw new ApiException.BadRequest("invalid object type: " + apiVersion + ", Kind=" + kind);
        }
        JsonNode metadata = config.path("metadata");
        JsonNode managedFields = metadata.get("managedFields");
        if (managedFields != null && !managedFields.isNull()) {
            throw new ApiException.BadRequest("metadata.managedFields must be nil");
        }
        if (!metadata.path("name").asText("").isEmpty()) {
            objectNameAndNamespace(config, urlName, urlNamespace);
        }
    }

    /** The object's name must be the URL's; its namespace, when set, too. */
    public static void objectNameAndNamespace(JsonNode obj, String urlName, String urlNamespace) {
        String name = obj.path("metadata").path("name").asText("");
        if (!name.equals(urlName)) {
            throw new ApiException.BadRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + urlName + ")");
        }
        String namespace = obj.path("metadata").path("namespace").asText("");
        if (!namespace.isEmpty() && urlNamespace != null && !namespace.equals(urlNamespace)) {
            throw new ApiException.BadRequest("the namespace of the object (" + namespace
                    + ") does not match the namespace on the URL (" + urlNamespace + ")");
        }
    }

    private static void throwIfAny(String optionsKind, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ApiException.Invalid(META_GROUP, optionsKind, "", errors);
        }
    }
}
