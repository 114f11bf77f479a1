package dev.tugboat.apiserver.wiring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.patch.apply.FieldManager;
import dev.tugboat.api.patch.apply.ResetFields;
import dev.tugboat.api.patch.apply.UpdateRequest;
import dev.tugboat.api.schema.Schema;
import dev.tugboat.api.schema.SchemaRegistry;
import dev.tugboat.apiserver.registry.FieldOwnership;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Update tracking of {@code metadata.managedFields} for every non-apply write, by the kind's schema. */
public final class ManagedFieldsTracker implements FieldOwnership {

    private final Supplier<? extends SchemaRegistry> schemas;

    public ManagedFieldsTracker(Supplier<? extends SchemaRegistry> schemas) {
        this.schemas = schemas;
    }

    @Override
    public ObjectNode trackUpdate(ObjectNode live, ObjectNode updated, String manager, String apiVersion,
                                  String subresource, Set<String> resetFields, Instant now) {
        GroupVersionKind kind = GroupVersionKind.of(updated.path("apiVersion").asText(""),
                updated.path("kind").asText(""));
        Optional<Schema> schema = schemas.get().forKind(kind);
        if (schema.isEmpty()) {
            return updated;
        }
        return new FieldManager(schema.get()).update(live, updated, new UpdateRequest(manager, apiVersion, subresource,
                now, ResetFields.of(resetFields.toArray(String[]::new))));
    }
}
