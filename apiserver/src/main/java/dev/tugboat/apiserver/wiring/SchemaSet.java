package dev.tugboat.apiserver.wiring;

import dev.tugboat.api.schema.BuiltinSchemas;
import dev.tugboat.api.schema.CompositeSchemas;
import dev.tugboat.api.schema.CustomResourceSchema;
import java.util.List;
import java.util.function.Supplier;

/**
 * The current schemas: the built-ins plus those of established CRDs. Readers get an immutable
 * snapshot; the CRD manager replaces it when custom resources come and go.
 */
public final class SchemaSet implements Supplier<CompositeSchemas> {

    private final BuiltinSchemas builtins;
    private volatile CompositeSchemas current;

    public SchemaSet(BuiltinSchemas builtins) {
        this.builtins = builtins;
        this.current = new CompositeSchemas(builtins, List.of());
    }

    public BuiltinSchemas builtins() {
        return builtins;
    }

    @Override
    public CompositeSchemas get() {
        return current;
    }

    public void setCustomResources(List<CustomResourceSchema> customResources) {
        current = current.withCustomResources(customResources);
    }
}
