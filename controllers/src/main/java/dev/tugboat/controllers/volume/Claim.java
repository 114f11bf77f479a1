package dev.tugboat.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What matching needs of a PersistentVolumeClaim.
 *
 * @param storageClass the class asked for, "" for none (the beta annotation wins over the field)
 * @param request      {@code spec.resources.requests.storage}, zero when absent
 * @param volumeMode   {@code Filesystem} unless {@code Block}
 * @param selector     the claim's label selector over volumes; everything when it has none
 */
public record Claim(String namespace, String name, String uid, String storageClass, Set<String> accessModes,
                    Quantity request, String volumeMode, LabelSelector selector) {

    public static Claim of(JsonNode pvc) {
        JsonNode spec = pvc.path("spec");
        JsonNode storage = spec.path("resources").path("requests").path("storage");
        Quantity request = storage.isMissingNode() ? Quantity.ZERO : Quantity.parse(storage);
        JsonNode sel = spec.path("selector");
        LabelSelector selector;
        try {
            selector = sel.isObject() ? LabelSelector.fromJson(sel) : LabelSelector.everything();
        } catch (InvalidSelectorException e) {
            selector = LabelSelector.nothing();
        }
        return new Claim(Meta.namespace(pvc), Meta.name(pvc), Meta.uid(pvc), classOf(pvc), modes(spec),
                request, volumeMode(spec), selector);
    }

    /** Upstream's GetPersistentVolumeClaimClass / GetPersistentVolumeClass (beta annotation first). */
    public static String classOf(JsonNode obj) {
        String beta = Meta.annotations(obj).get(VolumeAnnotations.BETA_STORAGE_CLASS);
        if (beta != null) {
            return beta;
        }
        return obj.path("spec").path("storageClassName").asText("");
    }

    static Set<String> modes(JsonNode spec) {
        Set<String> modes = new LinkedHashSet<>();
        spec.path("accessModes").forEach(m -> modes.add(m.asText()));
        return modes;
    }

    static String volumeMode(JsonNode spec) {
        return "Block".equals(spec.path("volumeMode").asText("")) ? "Block" : "Filesystem";
    }

    public String key() {
        return namespace + "/" + name;
    }
}
