package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in schemas plus a snapshot of custom resource schemas. Immutable; when CRDs change,
 * build a new one with {@link #withCustomResources(List)}. Safe to share between threads.
 */
public final class CompositeSchemas implements SchemaRegistry, OpenApiDefinitions {

    private final BuiltinSchemas builtins;
    private final Map<GroupVersionKind, CustomResourceSchema> byKind;
    private final Map<String, JsonNode> customJson;
    private final Map<String, Schema> customSchemas;

    public CompositeSchemas(BuiltinSchemas builtins, List<CustomResourceSchema> customResources) {
        this.builtins = builtins;
        Map<GroupVersionKind, CustomResourceSchema> kinds = new HashMap<>();
        Map<String, JsonNode> json = new HashMap<>();
        Map<String, Schema> schemas = new HashMap<>();
        for (CustomResourceSchema c : customResources) {
            kinds.put(c.gvk(), c);
            kinds.put(c.listGvk(), c);
            json.put(c.definitionName(), c.definitionJson());
            json.put(c.listDefinitionName(), c.listDefinitionJson());
            schemas.put(c.definitionName(), c.schema());
        }
        this.byKind = Map.copyOf(kinds);
        this.customJson = Map.copyOf(json);
        this.customSchemas = Map.copyOf(schemas);
    }

    /** The same built-ins with another set of custom resources. */
    public CompositeSchemas withCustomResources(List<CustomResourceSchema> customResources) {
        return new CompositeSchemas(builtins, customResources);
    }

    /** The custom resource schema of a kind (or of its list kind), if it is one. */
    public Optional<CustomResourceSchema> customResource(GroupVersionKind gvk) {
        return Optional.ofNullable(byKind.get(gvk));
    }

    @Override
    public Optional<Schema> forKind(GroupVersionKind gvk) {
        CustomResourceSchema c = byKind.get(gvk);
        if (c != null) {
            return c.gvk().equals(gvk) ? Optional.of(c.schema()) : Optional.empty();
        }
        return builtins.forKind(gvk);
    }

    @Override
    public Optional<Schema> definition(String name) {
        Schema s = customSchemas.get(name);
        return s != null ? Optional.of(s) : builtins.definition(name);
    }

    @Override
    public Optional<String> definitionName(GroupVersionKind gvk) {
        CustomResourceSchema c = byKind.get(gvk);
        if (c != null) {
            return Optional.of(c.gvk().equals(gvk) ? c.definitionName() : c.listDefinitionName());
        }
        return builtins.definitionName(gvk);
    }

    @Override
    public Optional<JsonNode> definitionJson(String name) {
        JsonNode j = customJson.get(name);
        return j != null ? Optional.of(j) : builtins.definitionJson(name);
    }

    @Override
    public boolean strategicMergePatch(GroupVersionKind gvk) {
        return !byKind.containsKey(gvk) && builtins.strategicMergePatch(gvk);
    }
}
