package dev.tugboat.apiserver.wiring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.List;

/** Rules for kinds without kind-specific ones yet: object metadata validation only, no defaulting. */
public final class MetadataOnlyRules implements KindRules {

    private final boolean namespaced;
    private final NameRule nameRule;
    private final boolean kubeApiserver;

    /**
     * @param kubeApiserver whether kube-apiserver's extra metadata rules apply (false for the
     *                      apiextensions group, which uses apimachinery's alone)
     */
    public MetadataOnlyRules(boolean namespaced, NameRule nameRule, boolean kubeApiserver) {
        this.namespaced = namespaced;
        this.nameRule = nameRule;
        this.kubeApiserver = kubeApiserver;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return kubeApiserver ? ObjectMetaValidation.validate(obj, namespaced, nameRule)
                : ObjectMetaValidation.validateGeneric(obj, namespaced, nameRule);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return kubeApiserver ? ObjectMetaValidation.validateUpdate(obj, old)
                : ObjectMetaValidation.validateUpdateGeneric(obj, old);
    }
}
