package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What upstream's schema coercer does to a decoded custom resource before defaulting, in its order:
 * <ol>
 *   <li>Pruning ({@code structuralpruning.PruneWithOptions}): every field the structural schema does
 *       not specify is removed, except inside {@code x-kubernetes-preserve-unknown-fields: true}
 *       (where known properties are still pruned below) and except {@code apiVersion}, {@code kind}
 *       and {@code metadata} of the root and of {@code x-kubernetes-embedded-resource} objects.
 *       A boolean {@code additionalProperties} keeps the field as is.</li>
 *   <li>Null pruning ({@code PruneNonNullableNullsWithoutDefaults}): a null field whose schema is
 *       neither nullable nor defaulted is removed (one with a default is left for defaulting).</li>
 *   <li>Embedded metadata ({@code schemaobjectmeta.Coerce}): the {@code metadata} of embedded
 *       resources is normalised as an ObjectMeta round trip would, dropping unknown fields.</li>
 * </ol>
 * The root's own {@code metadata} is left alone: the server handles it like any object's.
 *
 * <p>Paths of removed unknown fields read {@code spec.foo}, {@code spec.items[0].bar},
 * {@code spec.labels.key} (map keys join with a dot), sorted as upstream sorts them, followed by the
 * embedded metadata fields dropped in step 3. The server turns them into {@code unknown field "<path>"}
 * warnings or strict-decoding errors according to {@code fieldValidation}.
 *
 * <p>Mutates only the object passed in; the instance is immutable and thread-safe.
 */
public final class Pruning {

    private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private final SchemaProps root;

    Pruning(SchemaProps root) {
        this.root = root;
    }

    /** Pruning for a CRD version's {@code openAPIV3Schema}; a missing schema prunes nothing. */
    public static Pruning of(JsonNode openApiV3Schema) {
        return new Pruning(SchemaProps.parse(openApiV3Schema));
    }

    /**
     * Prunes {@code obj} in place.
     *
     * @return the paths of the unknown fields removed
     */
    public List<String> prune(ObjectNode obj) {
        if (root == null) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        prune(obj, root, true, "", unknown);
        Collections.sort(unknown);
        pruneNulls(obj, root);
        coerceEmbedded(obj, root, "", unknown, true);
        return unknown;
    }

    private static void prune(JsonNode x, SchemaProps s, boolean embedded, String path, List<String> unknown) {
        if (s != null && s.preserveUnknownFields) {
            keepUnknown(x, s, embedded, path, unknown);
            return;
        }
        if (x instanceof ObjectNode o) {
            for (String k : StructuralDefaulting.fieldNames(o)) {
                if (s != null && embedded && META_FIELDS.contains(k)) {
                    continue;
                }
                SchemaProps prop = s == null ? null : s.properties.get(k);
                if (prop != null) {
                    prune(o.get(k), prop, prop.embeddedResource, join(path, k), unknown);
                } else if (s != null && s.additionalSchema != null) {
                    prune(o.get(k), s.additionalSchema, s.additionalSchema.embeddedResource, join(path, k), unknown);
                } else if (s == null || s.additionalAllowed == null) {
                    unknown.add(join(path, k));
                    o.remove(k);
                }
            }
        } else if (x instanceof ArrayNode a) {
            SchemaProps item = s == null ? null : s.items;
            for (int i = 0; i < a.size(); i++) {
                prune(a.get(i), item, item != null && item.embeddedResource, path + "[" + i + "]", unknown);
            }
        }
    }

    /** Inside {@code x-kubernetes-preserve-unknown-fields}: unknown fields stay, known ones are pruned below. */
    private static void keepUnknown(JsonNode x, SchemaProps s, boolean embedded, String path, List<String> unknown) {
        if (s == null) {
            return;
        }
        if (x instanceof ObjectNode o) {
            for (String k : StructuralDefaulting.fieldNames(o)) {
                if (embedded && META_FIELDS.contains(k)) {
                    continue;
                }
                SchemaProps prop = s.properties.get(k);
                SchemaProps sub = prop != null ? prop : s.additionalSchema;
                if (sub != null) {
                    prune(o.get(k), sub, sub.embeddedResource, join(path, k), unknown);
                }
            }
        } else if (x instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                keepUnknown(a.get(i), s.items, s.items != null && s.items.embeddedResource, path + "[" + i + "]",
                        unknown);
            }
        }
    }

    /** Removes null fields that are neither nullable nor defaulted; array items are never removed. */
    static void pruneNulls(JsonNode x, SchemaProps s) {
        if (x instanceof ObjectNode o) {
            for (String k : StructuralDefaulting.fieldNames(o)) {
                SchemaProps field = s == null ? null : s.fieldSchema(k);
                JsonNode v = o.get(k);
                if (v.isNull() && field != null && !field.nullable && field.defaultValue == null) {
                    o.remove(k);
                } else {
                    pruneNulls(v, field);
                }
            }
        } else if (x instanceof ArrayNode a) {
            SchemaProps item = s == null ? null : s.items;
            a.forEach(e -> pruneNulls(e, item));
        }
    }

    private static void coerceEmbedded(JsonNode x, SchemaProps s, String path, List<String> unknown, boolean isRoot) {
        if (s == null) {
            return;
        }
        if (x instanceof ObjectNode o) {
            if (s.embeddedResource && !isRoot && o.has("metadata")) {
                EmbeddedObjectMeta.coerce(o.get("metadata"), join(path, "metadata"), unknown);
            }
            for (String k : StructuralDefaulting.fieldNames(o)) {
                SchemaProps sub = s.fieldSchema(k);
                if (sub != null && !(isRoot && k.equals("metadata"))) {
                    coerceEmbedded(o.get(k), sub, join(path, k), unknown, false);
                }
            }
        } else if (x instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                coerceEmbedded(a.get(i), s.items, path + "[" + i + "]", unknown, false);
            }
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
