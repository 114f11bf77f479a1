package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import java.util.List;
import java.util.Set;

/**
 * The {@code /status} subresource: only {@code status} (and the writer's managedFields entry)
 * changes; everything else is carried over from the stored object.
 */
public final class StatusStrategy implements RestStrategy {

    private final RestStrategy main;
    private final KindRules rules;
    private final Set<String> resetFields;

    /**
     * @param resetFields what this endpoint overwrites: {@code spec}, and for the apps kinds also
     *                    {@code metadata.labels} (upstream's reset fields)
     */
    public StatusStrategy(RestStrategy main, KindRules rules, Set<String> resetFields) {
        this.main = main;
        this.rules = rules;
        this.resetFields = Set.copyOf(resetFields);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        main.applyDefaults(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        throw new IllegalStateException("status subresources never create");
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        JsonNode status = obj.get("status");
        JsonNode managedFields = obj.path("metadata").get("managedFields");
        obj.removeAll();
        obj.setAll(old.deepCopy());
        if (status == null) {
            obj.remove("status");
        } else {
            obj.set("status", status);
        }
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        if (managedFields == null) {
            meta.remove("managedFields");
        } else {
            meta.set("managedFields", managedFields);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return main.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return rules.validateStatusUpdate(obj, old);
    }

    @Override
    public boolean allowUnconditionalUpdate() {
        return main.allowUnconditionalUpdate();
    }

    @Override
    public Set<String> resetFields() {
        return resetFields;
    }
}
