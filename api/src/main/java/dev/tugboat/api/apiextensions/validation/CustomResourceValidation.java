package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a custom resource of one CRD version goes through that its schema decides, as a 1.33
 * API server does it. Build one per served CRD version (parsing the schema once) and call, in order:
 * <ol>
 *   <li>{@link #prune} on the decoded request body (and on objects read from storage), reporting the
 *       returned paths per {@code fieldValidation};</li>
 *   <li>{@link #applyDefaults} right after (upstream defaults on decoding, so also on reads);</li>
 *   <li>the server's own type-meta and root metadata checks, then {@link #validate} on create,
 *       {@link #validateUpdate} on update and {@link #validateStatusUpdate} on {@code /status}
 *       updates, after the strategy prepared the object (status reset, generation).</li>
 * </ol>
 * Validation covers the OpenAPI schema (with update ratcheting), the scale subresource's replica and
 * selector paths, embedded resources' {@code apiVersion}/{@code kind}/{@code metadata}, and
 * {@code x-kubernetes-list-type} uniqueness (on update only when the old object had none of those
 * errors, as upstream ratchets it). {@code x-kubernetes-validations} (CEL) rules are not evaluated:
 * there is no CEL engine here; {@link #hasUnevaluatedRules} tells whether a schema carries any.
 *
 * <p>Immutable and thread-safe; the methods taking an object mutate only that object.
 */
public final class CustomResourceValidation {

    private final SchemaProps schema;
    private final ScaleSubresource scale;
    private final Pruning pruning;
    private final StructuralDefaulting defaulting;
    private final SchemaValidator validator;
    private final boolean unevaluatedRules;

    /**
     * @param openApiV3Schema the version's {@code schema.openAPIV3Schema}; null or missing accepts anything
     * @param scale           the version's scale subresource, or null
     */
    public CustomResourceValidation(JsonNode openApiV3Schema, ScaleSubresource scale) {
        this.schema = SchemaProps.parse(openApiV3Schema);
        this.scale = scale;
        this.pruning = new Pruning(schema);
        this.defaulting = new StructuralDefaulting(schema);
        this.validator = new SchemaValidator(schema);
        this.unevaluatedRules = schema != null && hasRules(schema);
    }

    /** For one item of a CRD's {@code spec.versions}: its schema and scale subresource. */
    public static CustomResourceValidation forVersion(JsonNode crdVersion) {
        return new CustomResourceValidation(crdVersion.path("schema").path("openAPIV3Schema"),
                ScaleSubresource.of(crdVersion).orElse(null));
    }

    /** Removes unknown fields (and non-nullable nulls); returns the unknown fields' paths. See {@link Pruning}. */
    public List<String> prune(ObjectNode obj) {
        return pruning.prune(obj);
    }

    /** Applies schema defaults in place. See {@link StructuralDefaulting}. */
    public void applyDefaults(ObjectNode obj) {
        defaulting.apply(obj);
    }

    /** The errors of a new object. */
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(validator.validate(obj));
        scale().ifPresent(s -> {
            errs.addAll(s.validateSpec(obj));
            errs.addAll(s.validateStatus(obj));
        });
        errs.addAll(EmbeddedResources.validate(obj, schema));
        errs.addAll(ListTypeValidation.validate(obj, schema));
        return errs;
    }

    /** The errors of an update from {@code old} to {@code obj}; unchanged invalid values are tolerated. */
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validator.validateUpdate(obj, old));
        scale().ifPresent(s -> {
            errs.addAll(s.validateSpec(obj));
            errs.addAll(s.validateStatus(obj));
        });
        errs.addAll(EmbeddedResources.validate(obj, schema));
        errs.addAll(listTypesOnUpdate(obj, old));
        return errs;
    }

    /**
     * The errors of a {@code /status} update. Upstream validates the whole object (the strategy has
     * already copied everything but status from {@code old}); only the scale's status paths are checked.
     */
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validator.validateUpdate(obj, old));
        scale().ifPresent(s -> errs.addAll(s.validateStatus(obj)));
        errs.addAll(EmbeddedResources.validate(obj, schema));
        errs.addAll(listTypesOnUpdate(obj, old));
        return errs;
    }

    /** Whether the schema has {@code x-kubernetes-validations} rules, which this class does not evaluate. */
    public boolean hasUnevaluatedRules() {
        return unevaluatedRules;
    }

    private Optional<ScaleSubresource> scale() {
        return Optional.ofNullable(scale);
    }

    private List<FieldError> listTypesOnUpdate(ObjectNode obj, ObjectNode old) {
        if (!ListTypeValidation.validate(old, schema).isEmpty()) {
            return List.of();
        }
        return ListTypeValidation.validate(obj, schema);
    }

    private static boolean hasRules(SchemaProps s) {
        if (s.hasCelRules) {
            return true;
        }
        List<SchemaProps> children = new ArrayList<>(s.properties.values());
        children.addAll(s.allOf);
        children.addAll(s.anyOf);
        children.addAll(s.oneOf);
        if (s.items != null) {
            children.add(s.items);
        }
        if (s.additionalSchema != null) {
            children.add(s.additionalSchema);
        }
        if (s.not != null) {
            children.add(s.not);
        }
        return children.stream().anyMatch(CustomResourceValidation::hasRules);
    }
}
