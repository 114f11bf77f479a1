package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A structural schema node: the one schema source used for strict decoding (unknown fields, types),
 * strategic merge patch metadata, server-side apply list and map semantics, and the published
 * OpenAPI. Built-in kinds get theirs from the generated OpenAPI resource; custom resources from
 * their CRD's {@code openAPIV3Schema}.
 *
 * <p>Nodes are immutable. Recursive types are expressed with {@link Ref}; call {@link #resolved()}
 * before inspecting a node.
 */
public sealed interface Schema permits Schema.Struct, Schema.MapOf, Schema.ListOf, Schema.Scalar,
        Schema.Untyped, Schema.Ref {

    String description();

    /** This node with references followed. */
    default Schema resolved() {
        Schema s = this;
        while (s instanceof Ref r) {
            s = r.target().get();
        }
        return s;
    }

    /**
     * An object with declared fields.
     *
     * @param name                  the definition name, e.g. {@code io.k8s.api.core.v1.PodSpec}; empty if inline
     * @param atomic                {@code x-kubernetes-map-type: atomic}: replaced and owned as one value
     * @param preserveUnknownFields {@code x-kubernetes-preserve-unknown-fields}: undeclared fields are kept
     * @param gvks                  {@code x-kubernetes-group-version-kind} of a top-level kind, else empty
     */
    record Struct(String name, String description, Map<String, Property> properties, List<String> required,
                  boolean atomic, boolean preserveUnknownFields, List<GroupVersionKind> gvks) implements Schema {

        public Struct {
            properties = Map.copyOf(properties);
            required = List.copyOf(required);
            gvks = List.copyOf(gvks);
        }

        public Property property(String field) {
            return properties.get(field);
        }
    }

    /**
     * A declared field of a {@link Struct}.
     *
     * @param defaultValue  the schema default (used to complete list-map keys, e.g. {@code protocol: TCP}); may be null
     * @param patchStrategy {@code x-kubernetes-patch-strategy} on a non-list field, e.g. {@code retainKeys}; may be null.
     *                      For list fields the strategy lives on the {@link ListOf} node.
     */
    record Property(String name, Schema schema, String description, JsonNode defaultValue, String patchStrategy) {
    }

    /** A map with arbitrary string keys ({@code additionalProperties}). */
    record MapOf(Schema values, boolean atomic, String description) implements Schema {
    }

    /**
     * A list.
     *
     * @param type          SSA list type, derived as kube-openapi does: {@code x-kubernetes-list-type} if set,
     *                      else {@link ListType#MAP} keyed by the merge key (or {@link ListType#SET} without one)
     *                      when the patch strategy contains {@code merge}, else {@link ListType#ATOMIC}
     * @param keys          the {@code x-kubernetes-list-map-keys} (or the merge key) for {@link ListType#MAP}
     * @param patchStrategy {@code x-kubernetes-patch-strategy} for strategic merge patch: {@code merge},
     *                      {@code merge,retainKeys}, {@code retainKeys} or null (replace)
     * @param patchMergeKey {@code x-kubernetes-patch-merge-key}; may be null
     */
    record ListOf(Schema items, ListType type, List<String> keys, String patchStrategy, String patchMergeKey,
                  String description) implements Schema {

        public ListOf {
            keys = List.copyOf(keys);
        }

        /** Whether strategic merge patch merges this list rather than replacing it. */
        public boolean smpMerge() {
            return patchStrategy != null && List.of(patchStrategy.split(",")).contains("merge");
        }

        /** Whether list items use {@code $retainKeys} (e.g. {@code volumes}). */
        public boolean smpRetainKeys() {
            return patchStrategy != null && List.of(patchStrategy.split(",")).contains("retainKeys");
        }
    }

    /** SSA list semantics. */
    enum ListType { ATOMIC, SET, MAP }

    /** A leaf value. */
    record Scalar(ScalarType type, String format, String description) implements Schema {
    }

    /** The JSON types of a leaf; {@code INT_OR_STRING} accepts either. {@code QUANTITY} is a string or number. */
    enum ScalarType { STRING, INTEGER, NUMBER, BOOLEAN, INT_OR_STRING, QUANTITY }

    /**
     * Anything goes below this node ({@code x-kubernetes-preserve-unknown-fields} without properties,
     * {@code RawExtension}, {@code JSON}): maps are granular and lists atomic for SSA, nothing is unknown.
     */
    record Untyped(String description) implements Schema {
    }

    /** A reference to a named definition, resolved lazily so that schemas may be recursive. */
    record Ref(String name, Supplier<Schema> target) implements Schema {

        @Override
        public String description() {
            return resolved().description();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ref r && r.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Ref[" + name + "]";
        }
    }
}
