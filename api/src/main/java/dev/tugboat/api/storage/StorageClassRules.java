package dev.tugboat.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** storage.k8s.io/v1 StorageClass: provisioner, parameters and policies, all immutable. */
public final class StorageClassRules implements KindRules {

    private static final int MAX_PARAMETERS_SIZE = 256 * 1024;
    private static final int MAX_PARAMETERS = 512;

    @Override
    public void applyDefaults(ObjectNode obj) {
        Fields.defaultString(obj, "reclaimPolicy", "Delete");
        Fields.defaultString(obj, "volumeBindingMode", "Immediate");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validate(obj));
        String provisioner = Fields.str(obj, "provisioner");
        FieldPath pp = FieldPath.root("provisioner");
        if (provisioner.isEmpty()) {
            errs.add(FieldError.required(pp, ""));
        } else {
            for (String m : Formats.qualifiedName(provisioner.toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid(pp, provisioner, m));
            }
        }
        List<Map.Entry<String, JsonNode>> params = Fields.entries(obj, "parameters");
        FieldPath parametersPath = FieldPath.root("parameters");
        if (params.size() > MAX_PARAMETERS) {
            errs.add(FieldError.tooLong(parametersPath, MAX_PARAMETERS));
        }
        long size = 0;
        for (Map.Entry<String, JsonNode> e : params) {
            if (e.getKey().isEmpty()) {
                errs.add(FieldError.invalid(parametersPath, e.getKey(), "field can not be empty."));
            }
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_PARAMETERS_SIZE) {
            errs.add(FieldError.tooLong(parametersPath, MAX_PARAMETERS_SIZE));
        }
        String reclaim = Fields.str(obj, "reclaimPolicy");
        if (Fields.has(obj, "reclaimPolicy") && !reclaim.equals("Delete") && !reclaim.equals("Retain")) {
            errs.add(FieldError.notSupported(FieldPath.root("reclaimPolicy"), reclaim, List.of("Delete", "Retain")));
        }
        if (!Fields.has(obj, "volumeBindingMode")) {
            errs.add(FieldError.required(FieldPath.root("volumeBindingMode"), ""));
        } else {
            String mode = Fields.str(obj, "volumeBindingMode");
            if (!mode.equals("Immediate") && !mode.equals("WaitForFirstConsumer")) {
                errs.add(FieldError.notSupported(FieldPath.root("volumeBindingMode"), mode,
                        List.of("Immediate", "WaitForFirstConsumer")));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        if (!JsonEquality.equal(emptyAsAbsent(obj.get("parameters")), emptyAsAbsent(old.get("parameters")))) {
            errs.add(FieldError.forbidden(FieldPath.root("parameters"), "updates to parameters are forbidden."));
        }
        if (!Fields.str(obj, "provisioner").equals(Fields.str(old, "provisioner"))) {
            errs.add(FieldError.forbidden(FieldPath.root("provisioner"), "updates to provisioner are forbidden."));
        }
        if (!Fields.str(obj, "reclaimPolicy").equals(Fields.str(old, "reclaimPolicy"))) {
            errs.add(FieldError.forbidden(FieldPath.root("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
        }
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(obj, "volumeBindingMode"), Fields.get(old, "volumeBindingMode"),
                FieldPath.root("volumeBindingMode")));
        return errs;
    }

    private static JsonNode emptyAsAbsent(JsonNode n) {
        return n != null && n.isObject() && n.isEmpty() ? null : n;
    }
}
