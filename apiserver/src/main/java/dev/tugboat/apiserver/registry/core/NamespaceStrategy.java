package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.registry.StandardStrategy;

/**
 * Namespaces (upstream pkg/registry/core/namespace): Active on create with the {@code kubernetes}
 * finalizer in spec; spec.finalizers and status change only through {@code /finalize} and
 * {@code /status}; deletion makes the namespace Terminating until the namespace controller has
 * emptied it and removed its finalizer.
 */
public final class NamespaceStrategy extends StandardStrategy {

    public static final String FINALIZER = "kubernetes";

    public NamespaceStrategy(KindRules rules) {
        super(rules, new Traits(true, false, false), false);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        obj.putObject("status").put("phase", "Active");
        ObjectNode spec = obj.withObjectProperty("spec");
        ArrayNode finalizers = spec.withArrayProperty("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
            present |= f.asText().equals(FINALIZER);
        }
        if (!present) {
            finalizers.add(FINALIZER);
        }
    }

    @Override
    public void canonicalize(ObjectNode obj) {
        Meta.mutableMetadata(obj).withObjectProperty("labels").put("kubernetes.io/metadata.name", Meta.name(obj));
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(obj, old);
        JsonNode oldFinalizers = old.path("spec").get("finalizers");
        ObjectNode spec = obj.withObjectProperty("spec");
        if (oldFinalizers == null) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", oldFinalizers.deepCopy());
        }
        canonicalize(obj);
    }

    @Override
    public boolean deletionBlocked(ObjectNode obj) {
        return !obj.path("spec").path("finalizers").isEmpty();
    }

    @Override
    public void prepareForDeletion(ObjectNode obj) {
        obj.withObjectProperty("status").put("phase", "Terminating");
    }
}
