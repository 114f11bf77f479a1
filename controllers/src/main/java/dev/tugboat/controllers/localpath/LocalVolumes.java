package dev.tugboat.controllers.localpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.volume.VolumeAnnotations;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The pure part of the provisioner: what it accepts, and the StorageClass and volumes it writes. */
public final class LocalVolumes {

    /** Access modes a directory on one node can offer. */
    static final Set<String> SUPPORTED_MODES = Set.of("ReadWriteOnce", "ReadWriteOncePod");

    private LocalVolumes() {
    }

    /** The name of the volume provisioned for a claim: {@code pvc-<claim uid>}, as every provisioner names them. */
    public static String volumeName(JsonNode pvc) {
        return "pvc-" + Meta.uid(pvc);
    }

    /** {@code <base>/pvc-<uid>_<namespace>_<claim>}, rancher's layout. */
    public static String path(String basePath, JsonNode pvc) {
        String base = basePath.endsWith("/") && basePath.length() > 1 ? basePath.substring(0, basePath.length() - 1)
                : basePath;
        return base + "/" + volumeName(pvc) + "_" + Meta.namespace(pvc) + "_" + Meta.name(pvc);
    }

    /** Why the claim cannot get a local volume, or empty when it can. */
    public static Optional<String> unsupported(JsonNode pvc) {
        JsonNode spec = pvc.path("spec");
        for (JsonNode m : spec.path("accessModes")) {
            if (!SUPPORTED_MODES.contains(m.asText())) {
                return Optional.of("NodePath only supports ReadWriteOnce and ReadWriteOncePod access modes");
            }
        }
        if ("Block".equals(spec.path("volumeMode").asText(""))) {
            return Optional.of("local-path volumes do not support volumeMode Block");
        }
        if (spec.path("resources").path("requests").path("storage").isMissingNode()) {
            return Optional.of("claim requests no storage");
        }
        return Optional.empty();
    }

    /** The default class: WaitForFirstConsumer (a local volume is only where the pod runs), Delete. */
    public static ObjectNode storageClass(LocalPathProvisionerConfig config) {
        ObjectNode sc = Json.object().put("apiVersion", "storage.k8s.io/v1").put("kind", "StorageClass");
        sc.putObject("metadata").put("name", config.storageClassName()).putObject("annotations")
                .put(VolumeAnnotations.IS_DEFAULT_CLASS, "true");
        sc.put("provisioner", config.provisionerName()).put("reclaimPolicy", "Delete")
                .put("volumeBindingMode", "WaitForFirstConsumer");
        return sc;
    }

    /**
     * The volume for {@code pvc} on {@code node}: the claim's size and access modes, a hostPath directory
     * created on first use, pinned to the node, reserved for the claim, with the class's reclaim policy and
     * mount options.
     */
    public static ObjectNode volume(JsonNode pvc, JsonNode storageClass, String node, LocalPathProvisionerConfig config) {
        ObjectNode pv = Json.object().put("apiVersion", "v1").put("kind", "PersistentVolume");
        pv.putObject("metadata").put("name", volumeName(pvc)).putObject("annotations")
                .put(VolumeAnnotations.PROVISIONED_BY, config.provisionerName());
        ObjectNode spec = pv.putObject("spec");
        spec.putObject("capacity").set("storage", pvc.path("spec").path("resources").path("requests").path("storage")
                .deepCopy());
        spec.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
        spec.put("persistentVolumeReclaimPolicy", storageClass.path("reclaimPolicy").asText("Delete"));
        spec.put("storageClassName", Meta.name(storageClass));
        spec.put("volumeMode", "Filesystem");
        if (storageClass.path("mountOptions").isArray() && !storageClass.path("mountOptions").isEmpty()) {
            spec.set("mountOptions", storageClass.get("mountOptions").deepCopy());
        }
        spec.putObject("hostPath").put("path", path(config.basePath(), pvc)).put("type", "DirectoryOrCreate");
        ArrayNode terms = spec.putObject("nodeAffinity").putObject("required").putArray("nodeSelectorTerms");
        terms.addObject().putArray("matchExpressions").addObject().put("key", "kubernetes.io/hostname")
                .put("operator", "In").set("values", Json.MAPPER.valueToTree(List.of(node)));
        spec.putObject("claimRef").put("kind", "PersistentVolumeClaim").put("apiVersion", "v1")
                .put("namespace", Meta.namespace(pvc)).put("name", Meta.name(pvc)).put("uid", Meta.uid(pvc))
                .put("resourceVersion", Meta.resourceVersion(pvc));
        return pv;
    }
}
