package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The schemas of the built-in kinds, loaded from the OpenAPI resource generated at build time
 * ({@code builtin-openapi.json.gz}). Holds both the {@link Schema} model of every definition and
 * its JSON for publishing.
 *
 * <p>Immutable after {@link #load()}; safe to share between threads. Load it once per process.
 */
public final class BuiltinSchemas implements SchemaRegistry, OpenApiDefinitions {

    static final String RESOURCE = "builtin-openapi.json.gz";

    private final Map<String, JsonNode> json;
    private final Map<String, Schema> schemas;
    private final Map<GroupVersionKind, String> kinds;

    private BuiltinSchemas(Map<String, JsonNode> json) {
        this.json = Map.copyOf(json);
        SchemaConverter converter = new SchemaConverter(this::resolve);
        Map<String, Schema> converted = new HashMap<>();
        Map<GroupVersionKind, String> byKind = new HashMap<>();
        json.forEach((name, def) -> {
            converted.put(name, converter.definition(name, def));
            def.path("x-kubernetes-group-version-kind").forEach(g -> byKind.put(new GroupVersionKind(
                    g.path("group").asText(), g.path("version").asText(), g.path("kind").asText()), name));
        });
        this.schemas = Map.copyOf(converted);
        this.kinds = Map.copyOf(byKind);
    }

    /** Reads and converts the generated resource from the classpath. */
    public static BuiltinSchemas load() {
        try (InputStream raw = BuiltinSchemas.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (run the api build)");
            }
            JsonNode root = Json.MAPPER.readTree(new GZIPInputStream(raw, 1 << 16));
            Map<String, JsonNode> defs = new HashMap<>();
            root.path("definitions").properties().forEach(e -> defs.put(e.getKey(), e.getValue()));
            return new BuiltinSchemas(defs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schema resolve(String name) {
        Schema s = schemas.get(name);
        if (s == null) {
            throw new IllegalStateException("no built-in definition " + name);
        }
        return s;
    }

    @Override
    public Optional<Schema> forKind(GroupVersionKind gvk) {
        return definitionName(gvk).map(schemas::get);
    }

    @Override
    public Optional<Schema> definition(String name) {
        return Optional.ofNullable(schemas.get(name));
    }

    @Override
    public Optional<String> definitionName(GroupVersionKind gvk) {
        return Optional.ofNullable(kinds.get(gvk));
    }

    @Override
    public Optional<JsonNode> definitionJson(String name) {
        return Optional.ofNullable(json.get(name));
    }

    @Override
    public boolean strategicMergePatch(GroupVersionKind gvk) {
        return kinds.containsKey(gvk);
    }

    /** Every built-in definition name (for tests and diagnostics). */
    public Set<String> definitionNames() {
        return json.keySet();
    }
}
