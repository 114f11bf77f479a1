package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A strategy for a version served from another storage version: defaulting runs in the served version
 * (versioned defaulting happens before conversion), everything else in the storage version.
 */
final class ServedVersionDefaults implements RestStrategy {

    private final RestStrategy storage;
    private final KindRules served;

    ServedVersionDefaults(RestStrategy storage, KindRules served) {
        this.storage = storage;
        this.served = served;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        served.applyDefaults(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        storage.prepareForCreate(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        storage.prepareForUpdate(obj, old);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return storage.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return storage.validateUpdate(obj, old);
    }

    @Override
    public List<String> warnings(ObjectNode obj, ObjectNode old) {
        return storage.warnings(obj, old);
    }

    @Override
    public boolean allowCreateOnUpdate() {
        return storage.allowCreateOnUpdate();
    }

    @Override
    public boolean allowUnconditionalUpdate() {
        return storage.allowUnconditionalUpdate();
    }

    @Override
    public OptionalLong gracePeriod(ObjectNode obj, OptionalLong requested) {
        return storage.gracePeriod(obj, requested);
    }

    @Override
    public Set<String> resetFields() {
        return storage.resetFields();
    }

    @Override
    public void canonicalize(ObjectNode obj) {
        storage.canonicalize(obj);
    }

    @Override
    public boolean deletionBlocked(ObjectNode obj) {
        return storage.deletionBlocked(obj);
    }

    @Override
    public void prepareForDeletion(ObjectNode obj) {
        storage.prepareForDeletion(obj);
    }
}
