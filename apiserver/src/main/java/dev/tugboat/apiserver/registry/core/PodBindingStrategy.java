package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.apiserver.registry.RestStrategy;
import java.util.List;

/**
 * The update a binding makes: the binding handler itself sets spec.nodeName, annotations and the
 * PodScheduled condition, so nothing is carried over and pod update validation (which forbids
 * changing nodeName) does not apply; metadata validation still does.
 */
public final class PodBindingStrategy implements RestStrategy {

    private final PodStrategy pod;

    public PodBindingStrategy(PodStrategy pod) {
        this.pod = pod;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        throw new IllegalStateException("binding never creates");
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return pod.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }
}
