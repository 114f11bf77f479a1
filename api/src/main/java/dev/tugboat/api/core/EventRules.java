package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Event: upstream's legacy validation only (the v1 API skips strict event validation for
 * compatibility), which ties the namespace to the involved object and, for new-style events, requires
 * the reporting fields.
 */
public final class EventRules implements KindRules {

    static final int REASON_LIMIT = 128;
    static final int ACTION_LIMIT = 128;
    static final int INSTANCE_LIMIT = 128;
    static final int NOTE_LIMIT = 1024;

    @Override
    public void applyDefaults(ObjectNode obj) {
        // core/v1 Event has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return legacy(obj, "reportingComponent", "involvedObject");
    }

    /**
     * The legacy rules.
     *
     * @param controllerField the reporting controller field's name in the request's API version
     * @param regardingField  the involved object field's name in the request's API version
     */
    public static List<FieldError> legacy(JsonNode event, String controllerField, String regardingField) {
        List<FieldError> errs = new ArrayList<>();
        String namespace = Meta.namespace(event);
        String involvedNamespace = Fields.str(Fields.get(event, regardingField), "namespace");
        FieldPath nsPath = FieldPath.of("involvedObject", "namespace");
        if (!Fields.has(event, "eventTime")) {
            boolean mismatch = involvedNamespace.isEmpty()
                    ? !namespace.isEmpty() && !namespace.equals("default")
                    : !namespace.equals(involvedNamespace);
            if (mismatch) {
                errs.add(FieldError.invalid(nsPath, involvedNamespace, "does not match event.namespace"));
            }
        } else {
            if (involvedNamespace.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
                errs.add(FieldError.invalid(nsPath, involvedNamespace, "does not match event.namespace"));
            }
            String controller = Fields.str(event, "reportingController").isEmpty()
                    ? Fields.str(event, "reportingComponent") : Fields.str(event, "reportingController");
            if (controller.isEmpty()) {
                errs.add(FieldError.required(FieldPath.root(controllerField), ""));
            }
            errs.addAll(ObjectMetaValidation.labelName(controller, FieldPath.root(controllerField)));
            String instance = Fields.str(event, "reportingInstance");
            if (instance.isEmpty()) {
                errs.add(FieldError.required(FieldPath.root("reportingInstance"), ""));
            }
            if (instance.length() > INSTANCE_LIMIT) {
                errs.add(FieldError.invalid(FieldPath.root("reportingInstance"), "",
                        "can have at most " + INSTANCE_LIMIT + " characters"));
            }
            String action = Fields.str(event, "action");
            if (action.isEmpty()) {
                errs.add(FieldError.required(FieldPath.root("action"), ""));
            }
            if (action.length() > ACTION_LIMIT) {
                errs.add(FieldError.invalid(FieldPath.root("action"), "", "can have at most " + ACTION_LIMIT + " characters"));
            }
            String reason = Fields.str(event, "reason");
            if (reason.isEmpty()) {
                errs.add(FieldError.required(FieldPath.root("reason"), ""));
            }
            if (reason.length() > REASON_LIMIT) {
                errs.add(FieldError.invalid(FieldPath.root("reason"), "", "can have at most " + REASON_LIMIT + " characters"));
            }
            String message = Fields.str(event, "message").isEmpty() ? Fields.str(event, "note") : Fields.str(event, "message");
            if (message.length() > NOTE_LIMIT) {
                errs.add(FieldError.invalid(FieldPath.root("message"), "", "can have at most " + NOTE_LIMIT + " characters"));
            }
        }
        for (String m : Formats.dns1123Subdomain(namespace)) {
            errs.add(FieldError.invalid(FieldPath.root("namespace"), namespace, m));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(legacy(obj, "reportingComponent", "involvedObject"));
        errs.addAll(ObjectMetaValidation.validateUpdate(obj, old));
        return errs;
    }
}
