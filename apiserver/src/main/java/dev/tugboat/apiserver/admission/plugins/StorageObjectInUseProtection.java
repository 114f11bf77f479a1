package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;

/**
 * Upstream's StorageObjectInUseProtection admission: every new PersistentVolumeClaim gets the
 * {@code kubernetes.io/pvc-protection} finalizer and every new PersistentVolume the
 * {@code kubernetes.io/pv-protection} finalizer, so that neither disappears while in use; the protection
 * controllers remove them once it is safe (and add them to objects created before this plugin).
 */
public final class StorageObjectInUseProtection implements AdmissionPlugin {

    public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
    public static final String PV_PROTECTION = "kubernetes.io/pv-protection";

    @Override
    public void admit(AdmissionAttributes a, ObjectNode obj, ObjectNode old) {
        if (a.operation() != Operation.CREATE || !a.subresource().isEmpty() || !a.resource().group().isEmpty()) {
            return;
        }
        String finalizer = switch (a.resource().resource()) {
            case "persistentvolumeclaims" -> PVC_PROTECTION;
            case "persistentvolumes" -> PV_PROTECTION;
            default -> null;
        };
        if (finalizer == null || Meta.finalizers(obj).contains(finalizer)) {
            return;
        }
        ObjectNode meta = Meta.mutableMetadata(obj);
        JsonNode existing = meta.get("finalizers");
        ArrayNode finalizers = existing instanceof ArrayNode arr ? arr : meta.putArray("finalizers");
        finalizers.add(finalizer);
    }
}
