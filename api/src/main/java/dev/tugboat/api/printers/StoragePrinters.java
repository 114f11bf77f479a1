package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Printers of PersistentVolume, PersistentVolumeClaim and StorageClass. */
final class StoragePrinters {

    private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private StoragePrinters() {
    }

    private static String age(JsonNode obj, Instant now) {
        return Cells.age(Obj.at(obj, "metadata", "creationTimestamp"), now);
    }

    /** {@code RWO,ROX,RWX,RWOP} in that order, each once. */
    static String accessModes(JsonNode modes) {
        List<String> present = new ArrayList<>();
        modes.forEach(m -> present.add(m.asText("")));
        List<String> out = new ArrayList<>();
        if (present.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (present.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (present.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (present.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    /** The beta annotation wins over spec.storageClassName, as upstream's helpers read it. */
    private static String storageClass(JsonNode obj) {
        Map<String, String> annotations = Meta.annotations(obj);
        if (annotations.containsKey(BETA_CLASS_ANNOTATION)) {
            return annotations.get(BETA_CLASS_ANNOTATION);
        }
        return Obj.str(obj, "spec", "storageClassName");
    }

    private static String phase(JsonNode obj) {
        return Meta.isDeleting(obj) ? "Terminating" : Obj.str(obj, "status", "phase");
    }

    private static String orUnset(JsonNode value) {
        return value.isTextual() ? value.textValue() : "<unset>";
    }

    private static String storage(JsonNode resources) {
        JsonNode q = resources.path("storage");
        return q.isMissingNode() || q.isNull() ? "0" : q.asText();
    }

    static TablePrinter persistentVolume() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Capacity", "The storage capacity of the volume."),
                Columns.str("Access Modes", "The ways the volume can be mounted."),
                Columns.str("Reclaim Policy", "What happens to the volume when it is released from its claim."),
                Columns.str("Status", "The phase of the volume."),
                Columns.str("Claim", "The claim bound to the volume, as namespace/name."),
                Columns.str("StorageClass", "StorageClass of the pv"),
                Columns.str("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                Columns.str("Reason", "Why the volume is in its phase."),
                Columns.age(),
                Columns.wide("VolumeMode", "Filesystem or Block.")),
                (pv, now) -> {
                    JsonNode claim = Obj.at(pv, "spec", "claimRef");
                    String claimText = claim.isObject()
                            ? claim.path("namespace").asText("") + "/" + claim.path("name").asText("") : "";
                    return List.of(Meta.name(pv), storage(Obj.at(pv, "spec", "capacity")),
                            accessModes(Obj.at(pv, "spec", "accessModes")),
                            Obj.str(pv, "spec", "persistentVolumeReclaimPolicy"), phase(pv), claimText,
                            storageClass(pv), orUnset(Obj.at(pv, "spec", "volumeAttributesClassName")),
                            Obj.str(pv, "status", "reason"), age(pv, now), orUnset(Obj.at(pv, "spec", "volumeMode")));
                });
    }

    /** CAPACITY and ACCESS MODES come from status, and only once the claim names its volume. */
    static TablePrinter persistentVolumeClaim() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Status", "The phase of the claim."),
                Columns.str("Volume", "The volume bound to the claim."),
                Columns.str("Capacity", "The actual capacity of the bound volume."),
                Columns.str("Access Modes", "The access modes of the bound volume."),
                Columns.str("StorageClass", "StorageClass of the pvc"),
                Columns.str("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                Columns.age(),
                Columns.wide("VolumeMode", "Filesystem or Block.")),
                (pvc, now) -> {
                    String volume = Obj.str(pvc, "spec", "volumeName");
                    boolean bound = !volume.isEmpty();
                    return List.of(Meta.name(pvc), phase(pvc), volume,
                            bound ? storage(Obj.at(pvc, "status", "capacity")) : "",
                            bound ? accessModes(Obj.at(pvc, "status", "accessModes")) : "",
                            storageClass(pvc), orUnset(Obj.at(pvc, "spec", "volumeAttributesClassName")), age(pvc, now),
                            orUnset(Obj.at(pvc, "spec", "volumeMode")));
                });
    }

    /** NAME gets {@code  (default)} for the default class; unset fields print their defaults. */
    static TablePrinter storageClass() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Provisioner", "The volume plugin that provisions volumes of this class."),
                Columns.str("ReclaimPolicy", "The reclaim policy of dynamically provisioned volumes."),
                Columns.str("VolumeBindingMode", "When volumes are bound and provisioned."),
                Columns.str("AllowVolumeExpansion", "Whether volumes of this class can be expanded."),
                Columns.age()),
                (sc, now) -> {
                    Map<String, String> annotations = Meta.annotations(sc);
                    boolean isDefault = "true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"))
                            || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class"));
                    JsonNode reclaim = sc.path("reclaimPolicy");
                    JsonNode binding = sc.path("volumeBindingMode");
                    return List.of(Meta.name(sc) + (isDefault ? " (default)" : ""), Obj.str(sc, "provisioner"),
                            reclaim.isTextual() ? reclaim.textValue() : "Delete",
                            binding.isTextual() ? binding.textValue() : "Immediate",
                            sc.path("allowVolumeExpansion").asBoolean(false), age(sc, now));
                });
    }
}
