package dev.tugboat.apiserver.apiextensions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import dev.tugboat.apiserver.registry.RestStrategy;
import dev.tugboat.apiserver.registry.StatusStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Custom resources (upstream pkg/registry/customresource): metadata validation plus the CRD version's
 * schema rules; with a status subresource the main resource cannot change status; generation counts
 * every change outside metadata (and outside status when status is a subresource).
 */
final class CustomResourceStrategy implements RestStrategy {

    private final boolean namespaced;
    private final boolean statusSubresource;
    private final KindRules schemaRules;

    CustomResourceStrategy(boolean namespaced, boolean statusSubresource, KindRules schemaRules) {
        this.namespaced = namespaced;
        this.statusSubresource = statusSubresource;
        this.schemaRules = schemaRules;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        schemaRules.applyDefaults(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        if (statusSubresource) {
            obj.remove("status");
        }
        Meta.mutableMetadata(obj).put("generation", 1);
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        if (statusSubresource) {
            if (old.has("status")) {
                obj.set("status", old.get("status").deepCopy());
            } else {
                obj.remove("status");
            }
        }
        long gen = Math.max(1, Meta.generation(old));
        if (!content(obj).equals(content(old))) {
            gen++;
        }
        Meta.mutableMetadata(obj).put("generation", gen);
    }

    private ObjectNode content(ObjectNode obj) {
        ObjectNode c = obj.deepCopy();
        c.remove("metadata");
        if (statusSubresource) {
            c.remove("status");
        }
        return c;
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateGeneric(obj, namespaced, NameRule.DNS1123_SUBDOMAIN));
        errs.addAll(schemaRules.validate(obj));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdateGeneric(obj, old));
        errs.addAll(schemaRules.validateUpdate(obj, old));
        return errs;
    }

    @Override
    public Set<String> resetFields() {
        return statusSubresource ? Set.of("status") : Set.of();
    }

    /** The {@code /status} subresource: only status changes; the whole object is validated by the schema. */
    RestStrategy statusStrategy() {
        return new StatusStrategy(this, schemaRules, Set.of("spec"));
    }
}
