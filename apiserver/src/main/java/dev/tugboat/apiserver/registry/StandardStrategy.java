package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.patch.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strategy most kinds use: defaulting and validation from the kind's {@link KindRules}, status
 * owned by the {@code /status} subresource when there is one, and {@code metadata.generation}
 * bumped whenever anything but metadata and status changes.
 */
public class StandardStrategy implements RestStrategy {

    /**
     * How a kind behaves in the generic flow.
     *
     * @param initialStatus the status a new object gets: what Go serializes for the kind's zero status struct
     *                      (e.g. a Service's {@code {"loadBalancer":{}}}); null for none
     */
    public record Traits(boolean hasStatus, boolean tracksGeneration, boolean allowCreateOnUpdate,
                         ObjectNode initialStatus) {
        public static final Traits PLAIN = new Traits(false, false, false, null);
        public static final Traits WITH_STATUS = new Traits(true, true, false, null);

        public Traits(boolean hasStatus, boolean tracksGeneration, boolean allowCreateOnUpdate) {
            this(hasStatus, tracksGeneration, allowCreateOnUpdate, null);
        }

        public Traits withInitialStatus(ObjectNode status) {
            return new Traits(hasStatus, tracksGeneration, allowCreateOnUpdate, status);
        }
    }

    private final KindRules rules;
    private final Traits traits;
    private final boolean namespaced;

    public StandardStrategy(KindRules rules, Traits traits, boolean namespaced) {
        this.rules = rules;
        this.traits = traits;
        this.namespaced = namespaced;
    }

    protected KindRules rules() {
        return rules;
    }

    protected Traits traits() {
        return traits;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        rules.applyDefaults(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        if (traits.hasStatus()) {
            obj.remove("status");
        }
        if (traits.initialStatus() != null) {
            obj.set("status", traits.initialStatus().deepCopy());
        }
        if (traits.tracksGeneration()) {
            Meta.mutableMetadata(obj).put("generation", 1);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        if (traits.hasStatus()) {
            JsonNode oldStatus = old.get("status");
            if (oldStatus == null) {
                obj.remove("status");
            } else {
                obj.set("status", oldStatus.deepCopy());
            }
        }
        if (traits.tracksGeneration()) {
            long gen = Math.max(1, Meta.generation(old));
            if (!JsonValues.equal(withoutMetadataAndStatus(obj), withoutMetadataAndStatus(old))) {
                gen++;
            }
            Meta.mutableMetadata(obj).put("generation", gen);
        }
    }

    /** Everything that counts as "spec" for generation purposes. */
    static ObjectNode withoutMetadataAndStatus(ObjectNode obj) {
        ObjectNode copy = obj.objectNode();
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (!Set.of("metadata", "status", "apiVersion", "kind").contains(e.getKey())) {
                copy.set(e.getKey(), e.getValue());
            }
        }
        return copy;
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return rules.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return rules.validateUpdate(obj, old);
    }

    @Override
    public List<String> warnings(ObjectNode obj, ObjectNode old) {
        return rules.warnings(obj);
    }

    @Override
    public boolean allowCreateOnUpdate() {
        return traits.allowCreateOnUpdate();
    }

    @Override
    public Set<String> resetFields() {
        return traits.hasStatus() ? Set.of("status") : Set.of();
    }

    protected boolean namespaced() {
        return namespaced;
    }

    /** Validation errors of both lists. */
    protected static List<FieldError> concat(List<FieldError> a, List<FieldError> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<FieldError> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
