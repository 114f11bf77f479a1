package dev.tugboat.apiserver.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.patch.apply.ApplyRequest;
import dev.tugboat.api.patch.apply.ApplyResult;
import dev.tugboat.api.patch.apply.FieldManager;
import dev.tugboat.api.patch.apply.ResetFields;
import dev.tugboat.api.patch.json.JsonPatch;
import dev.tugboat.api.patch.merge.MergePatch;
import dev.tugboat.api.patch.strategic.StrategicMergePatch;
import dev.tugboat.api.schema.Schema;
import dev.tugboat.api.schema.SchemaRegistry;
import dev.tugboat.apiserver.endpoints.BodyDecoder;
import dev.tugboat.apiserver.endpoints.Patcher;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The patch formats, over the api module's pure implementations and the kinds' schemas. */
public final class PatchService implements Patcher {

    private final Supplier<SchemaRegistry> schemas;

    public PatchService(Supplier<SchemaRegistry> schemas) {
        this.schemas = schemas;
    }

    @Override
    public ObjectNode jsonPatch(ObjectNode current, byte[] patch) {
        JsonNode result = JsonPatch.of(BodyDecoder.parseJson(patch)).apply(current);
        return asObject(result);
    }

    @Override
    public ObjectNode mergePatch(ObjectNode current, byte[] patch) {
        return MergePatch.applyToObject(current, BodyDecoder.parseJson(patch));
    }

    @Override
    public ObjectNode strategicMergePatch(GroupVersionKind kind, ObjectNode current, byte[] patch) {
        Optional<Schema> schema = schemas.get().forKind(kind);
        if (schema.isEmpty()) {
            throw new ApiException.UnsupportedMediaType("strategic merge patch is not supported for " + kind);
        }
        return new StrategicMergePatch(schema.get()).apply(current, BodyDecoder.parseJson(patch));
    }

    @Override
    public ObjectNode apply(GroupVersionKind kind, ObjectNode live, ObjectNode config, String manager, boolean force,
                            String subresource, Set<String> resetFields, Instant now) {
        Optional<Schema> schema = schemas.get().forKind(kind);
        if (schema.isEmpty()) {
            throw new ApiException.UnsupportedMediaType("server-side apply is not supported for " + kind);
        }
        ApplyResult r = new FieldManager(schema.get()).apply(live, config, new ApplyRequest(manager, kind, subresource,
                force, now, ResetFields.of(resetFields.toArray(String[]::new))));
        return r.unchanged() ? live : r.object();
    }

    private static ObjectNode asObject(JsonNode n) {
        if (!(n instanceof ObjectNode o)) {
            throw new ApiException.Invalid("the patched object is not a JSON object");
        }
        return o;
    }
}
