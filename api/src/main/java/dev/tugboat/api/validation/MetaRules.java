package dev.tugboat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import java.util.List;

/**
 * The metadata policy of one kind: whether it is namespaced and how its name is checked.
 *
 * @param namespaced true for namespace-scoped kinds (a namespace is required), false for cluster-scoped
 *                   ones (a namespace is forbidden)
 * @param nameRule   the name format
 */
public record MetaRules(boolean namespaced, NameRule nameRule) {

    public static final MetaRules NAMESPACED = new MetaRules(true, NameRule.DNS1123_SUBDOMAIN);
    public static final MetaRules CLUSTER = new MetaRules(false, NameRule.DNS1123_SUBDOMAIN);

    public List<FieldError> validate(JsonNode obj) {
        return ObjectMetaValidation.validate(obj, namespaced, nameRule);
    }

    public List<FieldError> validateUpdate(JsonNode obj, JsonNode old) {
        return ObjectMetaValidation.validateUpdate(obj, old);
    }
}
