package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.apiserver.registry.RestStrategy;
import java.util.List;

/** {@code namespaces/{name}/finalize}: only spec.finalizers may change. */
public final class NamespaceFinalizeStrategy implements RestStrategy {

    private final NamespaceStrategy main;

    public NamespaceFinalizeStrategy(NamespaceStrategy main) {
        this.main = main;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        main.applyDefaults(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        throw new IllegalStateException("finalize never creates");
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        JsonNode finalizers = obj.path("spec").get("finalizers");
        JsonNode managedFields = obj.path("metadata").get("managedFields");
        obj.removeAll();
        obj.setAll(old.deepCopy());
        ObjectNode spec = obj.withObjectProperty("spec");
        if (finalizers == null || finalizers.isEmpty()) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", finalizers);
        }
        if (managedFields != null) {
            ((ObjectNode) obj.get("metadata")).set("managedFields", managedFields);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return main.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return main.validateUpdate(obj, old);
    }

    @Override
    public boolean deletionBlocked(ObjectNode obj) {
        return main.deletionBlocked(obj);
    }
}
