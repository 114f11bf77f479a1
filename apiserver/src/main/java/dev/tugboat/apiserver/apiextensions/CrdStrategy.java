package dev.tugboat.apiserver.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.registry.StandardStrategy;

/**
 * CustomResourceDefinitions (upstream apiextensions-apiserver registry): a new CRD gets the
 * {@code customresourcecleanup.apiextensions.k8s.io} finalizer, so deleting it first deletes every
 * custom resource of it; status belongs to the CRD controllers.
 */
public final class CrdStrategy extends StandardStrategy {

    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    public CrdStrategy(KindRules rules) {
        super(rules, new Traits(true, true, false), false);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        ArrayNode finalizers = Meta.mutableMetadata(obj).withArrayProperty("finalizers");
        for (JsonNode f : finalizers) {
            if (f.asText().equals(CLEANUP_FINALIZER)) {
                return;
            }
        }
        finalizers.add(CLEANUP_FINALIZER);
    }
}
