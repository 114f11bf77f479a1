package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.NameRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pod volumes: names, exactly one source, and each source's own rules. */
final class VolumeValidation {

    /** Sources in the order upstream checks them (which decides who gets "more than 1 volume type"). */
    private static final List<String> ORDER = List.of("emptyDir", "hostPath", "gitRepo", "gcePersistentDisk",
            "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd",
            "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile", "vsphereVolume",
            "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi",
            "ephemeral", "image");
    /** Legacy sources reduced to their required fields; the key is the path name upstream reports under. */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("gcePersistentDisk", List.of("pdName")),
            Map.entry("awsElasticBlockStore", List.of("volumeID")),
            Map.entry("gitRepo", List.of("repository")),
            Map.entry("glusterfs", List.of("endpoints", "path")),
            Map.entry("rbd", List.of("monitors", "image")),
            Map.entry("cinder", List.of("volumeID")),
            Map.entry("cephfs", List.of("monitors")),
            Map.entry("flexVolume", List.of("driver")),
            Map.entry("azureFile", List.of("secretName", "shareName")),
            Map.entry("azureDisk", List.of("diskName", "diskURI")),
            Map.entry("vsphereVolume", List.of("volumePath")),
            Map.entry("photonPersistentDisk", List.of("pdID")),
            Map.entry("portworxVolume", List.of("volumeID")),
            Map.entry("scaleIO", List.of("gateway", "system", "volumeName")),
            Map.entry("storageos", List.of("volumeName")),
            Map.entry("quobyte", List.of("registry", "volume")),
            Map.entry("iscsi", List.of("targetPortal", "iqn")));
    private static final Set<String> VOLUME_FIELD_PATHS = Set.of("metadata.name", "metadata.namespace",
            "metadata.labels", "metadata.annotations", "metadata.uid");
    private static final String FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive";
    private static final List<String> HOST_PATH_TYPES = List.of("", "BlockDevice", "CharDevice", "Directory",
            "DirectoryOrCreate", "File", "FileOrCreate", "Socket");

    private VolumeValidation() {
    }

    /**
     * Validates {@code spec.volumes}; fills {@code valid} with the volumes that passed, by name.
     *
     * @param podName the pod's name for ephemeral PVC naming, or empty inside templates
     */
    static List<FieldError> volumes(JsonNode spec, String podName, FieldPath path, Map<String, JsonNode> valid) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> volumes = Fields.list(spec, "volumes");
        Set<String> createdClaims = new HashSet<>();
        if (!podName.isEmpty()) {
            for (JsonNode v : volumes) {
                if (Fields.has(v, "ephemeral")) {
                    createdClaims.add(podName + "-" + Fields.str(v, "name"));
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode v = volumes.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(v, "name");
            List<FieldError> el = new ArrayList<>(source(v, name, podName, p));
            if (name.isEmpty()) {
                el.add(FieldError.required(p.child("name"), ""));
            } else {
                for (String m : Formats.dns1123Label(name)) {
                    el.add(FieldError.invalid(p.child("name"), name, m));
                }
            }
            if (names.contains(name)) {
                el.add(FieldError.duplicate(p.child("name"), name));
            }
            if (el.isEmpty()) {
                names.add(name);
                valid.put(name, v);
            } else {
                errs.addAll(el);
            }
            String claim = Fields.str(Fields.get(v, "persistentVolumeClaim"), "claimName");
            if (Fields.has(v, "persistentVolumeClaim") && createdClaims.contains(claim)) {
                errs.add(FieldError.invalid(p.child("persistentVolumeClaim").child("claimName"), claim,
                        "must not reference a PVC that gets created for an ephemeral volume"));
            }
        }
        return errs;
    }

    static Map<String, JsonNode> newMap() {
        return new LinkedHashMap<>();
    }

    private static List<FieldError> source(JsonNode v, String volName, String podName, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        int n = 0;
        for (String kind : ORDER) {
            if (!Fields.has(v, kind)) {
                continue;
            }
            String reported = kind.equals("downwardAPI") ? "downwarAPI" : kind;
            if (n > 0) {
                errs.add(FieldError.forbidden(p.child(reported), "may not specify more than 1 volume type"));
                continue;
            }
            n++;
            errs.addAll(one(kind, Fields.get(v, kind), volName, podName, p));
        }
        if (n == 0) {
            errs.add(FieldError.required(p, "must specify a volume type"));
        }
        return errs;
    }

    private static List<FieldError> one(String kind, JsonNode src, String volName, String podName, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        FieldPath sp = p.child(switch (kind) {
            case "gcePersistentDisk" -> "persistentDisk";
            default -> kind;
        });
        switch (kind) {
            case "emptyDir" -> {
                var limit = Fields.has(src, "sizeLimit") ? ResourceLists.parseOrNull(Fields.get(src, "sizeLimit")) : null;
                if (limit != null && limit.signum() < 0) {
                    errs.add(FieldError.forbidden(sp.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
                }
            }
            case "hostPath" -> {
                String path = Fields.str(src, "path");
                if (path.isEmpty()) {
                    errs.add(FieldError.required(sp.child("path"), ""));
                    return errs;
                }
                errs.addAll(Paths.noBacksteps(path, sp.child("path")));
                if (Fields.has(src, "type") && !HOST_PATH_TYPES.contains(Fields.str(src, "type"))) {
                    errs.add(FieldError.notSupported(sp.child("type"), Fields.str(src, "type"), HOST_PATH_TYPES));
                }
            }
            case "secret" -> {
                if (Fields.str(src, "secretName").isEmpty()) {
                    errs.add(FieldError.required(sp.child("secretName"), ""));
                }
                errs.addAll(mode(src, "defaultMode", sp));
                errs.addAll(items(src, sp.child("items")));
            }
            case "configMap" -> {
                if (Fields.str(src, "name").isEmpty()) {
                    errs.add(FieldError.required(sp.child("name"), ""));
                }
                errs.addAll(mode(src, "defaultMode", sp));
                errs.addAll(items(src, sp.child("items")));
            }
            case "downwardAPI" -> {
                errs.addAll(mode(src, "defaultMode", sp));
                for (JsonNode file : Fields.list(src, "items")) {
                    errs.addAll(downwardFile(file, sp));
                }
            }
            case "projected" -> {
                errs.addAll(mode(src, "defaultMode", sp));
                errs.addAll(projected(src, sp));
            }
            case "persistentVolumeClaim" -> {
                if (Fields.str(src, "claimName").isEmpty()) {
                    errs.add(FieldError.required(sp.child("claimName"), ""));
                }
            }
            case "nfs" -> {
                String path = Fields.str(src, "path");
                if (Fields.str(src, "server").isEmpty()) {
                    errs.add(FieldError.required(sp.child("server"), ""));
                }
                if (path.isEmpty()) {
                    errs.add(FieldError.required(sp.child("path"), ""));
                }
                if (!path.startsWith("/")) {
                    errs.add(FieldError.invalid(sp.child("path"), path, "must be an absolute path"));
                }
            }
            case "csi" -> {
                String driver = Fields.str(src, "driver");
                if (driver.isEmpty()) {
                    errs.add(FieldError.required(sp.child("driver"), ""));
                }
                if (driver.length() > 63) {
                    errs.add(FieldError.tooLong(sp.child("driver"), 63));
                }
                for (String m : Formats.dns1123Subdomain(driver.toLowerCase(java.util.Locale.ROOT))) {
                    errs.add(FieldError.invalid(sp.child("driver"), driver, m));
                }
                if (Fields.has(src, "nodePublishSecretRef")) {
                    String name = Fields.str(Fields.get(src, "nodePublishSecretRef"), "name");
                    if (name.isEmpty()) {
                        errs.add(FieldError.required(sp.child("nodePublishSecretRef").child("name"), ""));
                    } else {
                        for (String m : NameRule.DNS1123_SUBDOMAIN.check(name, false)) {
                            errs.add(FieldError.invalid(sp.child("name"), name, m));
                        }
                    }
                }
            }
            case "ephemeral" -> {
                JsonNode template = Fields.get(src, "volumeClaimTemplate");
                if (!template.isObject()) {
                    errs.add(FieldError.required(sp.child("volumeClaimTemplate"), ""));
                } else {
                    errs.addAll(PersistentVolumeClaimRules.template(template, sp.child("volumeClaimTemplate")));
                }
                if (!podName.isEmpty() && !volName.isEmpty()) {
                    String pvcName = podName + "-" + volName;
                    for (String m : Formats.dns1123Subdomain(pvcName)) {
                        errs.add(FieldError.invalid(p.child("name"), volName, "PVC name \"" + pvcName + "\": " + m));
                    }
                }
            }
            case "image" -> {
                String policy = Fields.str(src, "pullPolicy");
                switch (policy) {
                    case "Always", "IfNotPresent", "Never" -> { }
                    case "" -> errs.add(FieldError.required(sp.child("pullPolicy"), ""));
                    default -> errs.add(FieldError.notSupported(sp.child("pullPolicy"), policy,
                            List.of("Always", "IfNotPresent", "Never")));
                }
            }
            case "flocker" -> {
                boolean name = !Fields.str(src, "datasetName").isEmpty();
                boolean uuid = !Fields.str(src, "datasetUUID").isEmpty();
                if (!name && !uuid) {
                    errs.add(FieldError.required(sp, "one of datasetName and datasetUUID is required"));
                }
                if (name && uuid) {
                    errs.add(FieldError.invalid(sp, "resource", "datasetName and datasetUUID can not be specified simultaneously"));
                }
            }
            case "fc" -> {
                boolean wwns = !Fields.list(src, "targetWWNs").isEmpty();
                boolean wwids = !Fields.list(src, "wwids").isEmpty();
                if (!wwns && !wwids) {
                    errs.add(FieldError.required(sp.child("targetWWNs"), "must specify either targetWWNs or wwids, but not both"));
                }
                if (wwns && wwids) {
                    errs.add(FieldError.invalid(sp.child("targetWWNs"), Fields.get(src, "targetWWNs"),
                            "targetWWNs and wwids can not be specified simultaneously"));
                }
                if (wwns && !Fields.has(src, "lun")) {
                    errs.add(FieldError.required(sp.child("lun"), "lun is required if targetWWNs is specified"));
                }
            }
            default -> {
                for (String f : REQUIRED.getOrDefault(kind, List.of())) {
                    JsonNode value = Fields.get(src, f);
                    boolean empty = !Fields.has(src, f) || value.isTextual() && value.textValue().isEmpty()
                            || value.isArray() && value.isEmpty();
                    if (empty) {
                        errs.add(FieldError.required(sp.child(f), ""));
                    }
                }
            }
        }
        return errs;
    }

    private static List<FieldError> mode(JsonNode src, String field, FieldPath p) {
        Long mode = Fields.integer(src, field);
        if (mode != null && (mode > 0777 || mode < 0)) {
            return List.of(FieldError.invalid(p.child(field), mode, FILE_MODE));
        }
        return List.of();
    }

    private static List<FieldError> items(JsonNode src, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> items = Fields.list(src, "items");
        for (int i = 0; i < items.size(); i++) {
            errs.addAll(keyToPath(items.get(i), path.index(i)));
        }
        return errs;
    }

    private static List<FieldError> keyToPath(JsonNode kp, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (Fields.str(kp, "key").isEmpty()) {
            errs.add(FieldError.required(p.child("key"), ""));
        }
        String path = Fields.str(kp, "path");
        if (path.isEmpty()) {
            errs.add(FieldError.required(p.child("path"), ""));
        }
        errs.addAll(Paths.localNonReserved(path, p.child("path")));
        errs.addAll(mode(kp, "mode", p));
        return errs;
    }

    private static List<FieldError> downwardFile(JsonNode file, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String path = Fields.str(file, "path");
        if (path.isEmpty()) {
            errs.add(FieldError.required(p.child("path"), ""));
        }
        errs.addAll(Paths.localNonReserved(path, p.child("path")));
        if (Fields.has(file, "fieldRef")) {
            errs.addAll(ContainerValidation.fieldSelector(Fields.get(file, "fieldRef"), VOLUME_FIELD_PATHS,
                    p.child("fieldRef")));
            if (Fields.has(file, "resourceFieldRef")) {
                errs.add(FieldError.invalid(p, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
            }
        } else if (Fields.has(file, "resourceFieldRef")) {
            errs.addAll(ContainerValidation.resourceFieldSelector(Fields.get(file, "resourceFieldRef"), true,
                    p.child("resourceFieldRef")));
        } else {
            errs.add(FieldError.required(p, "one of fieldRef and resourceFieldRef is required"));
        }
        errs.addAll(mode(file, "mode", p));
        return errs;
    }

    private static List<FieldError> projected(JsonNode projection, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        List<JsonNode> sources = Fields.list(projection, "sources");
        for (int i = 0; i < sources.size(); i++) {
            JsonNode source = sources.get(i);
            FieldPath srcPath = p.child("sources").index(i);
            int n = 0;
            for (String kind : List.of("secret", "configMap")) {
                if (!Fields.has(source, kind)) {
                    continue;
                }
                n++;
                JsonNode s = Fields.get(source, kind);
                FieldPath kp = srcPath.child(kind);
                if (Fields.str(s, "name").isEmpty()) {
                    errs.add(FieldError.required(kp.child("name"), ""));
                }
                List<JsonNode> items = Fields.list(s, "items");
                for (int j = 0; j < items.size(); j++) {
                    errs.addAll(keyToPath(items.get(j), kp.child("items").index(j)));
                    String path = Fields.str(items.get(j), "path");
                    if (!path.isEmpty() && !paths.add(path)) {
                        errs.add(FieldError.invalid(p, Fields.str(s, "name"), "conflicting duplicate paths"));
                    }
                }
            }
            if (Fields.has(source, "downwardAPI")) {
                n++;
                for (JsonNode file : Fields.list(Fields.get(source, "downwardAPI"), "items")) {
                    errs.addAll(downwardFile(file, srcPath.child("downwardAPI")));
                    String path = Fields.str(file, "path");
                    if (!path.isEmpty() && !paths.add(path)) {
                        errs.add(FieldError.invalid(p, path, "conflicting duplicate paths"));
                    }
                }
            }
            if (Fields.has(source, "serviceAccountToken")) {
                n++;
                JsonNode t = Fields.get(source, "serviceAccountToken");
                long exp = Fields.integer(t, "expirationSeconds", 0);
                FieldPath tp = srcPath.child("serviceAccountToken");
                if (exp < 600) {
                    errs.add(FieldError.invalid(tp.child("expirationSeconds"), exp, "may not specify a duration less than 10 minutes"));
                }
                if (exp > (1L << 32)) {
                    errs.add(FieldError.invalid(tp.child("expirationSeconds"), exp, "may not specify a duration larger than 2^32 seconds"));
                }
                String path = Fields.str(t, "path");
                if (path.isEmpty()) {
                    errs.add(FieldError.required(p.child("path"), ""));
                } else {
                    errs.addAll(Paths.localNonReserved(path, p.child("path")));
                }
            }
            if (Fields.has(source, "clusterTrustBundle")) {
                n++;
                JsonNode ctb = Fields.get(source, "clusterTrustBundle");
                FieldPath cp = srcPath.child("clusterTrustBundle");
                boolean byName = Fields.has(ctb, "name");
                boolean bySigner = Fields.has(ctb, "signerName");
                if (byName && bySigner) {
                    errs.add(FieldError.invalid(cp, ctb, "only one of name and signerName may be used"));
                } else if (!byName && !bySigner) {
                    errs.add(FieldError.required(cp, "either name or signerName must be specified"));
                }
                String path = Fields.str(ctb, "path");
                if (path.isEmpty()) {
                    errs.add(FieldError.required(cp.child("path"), ""));
                }
                errs.addAll(Paths.localNonReserved(path, cp.child("path")));
                if (!paths.add(path)) {
                    errs.add(FieldError.invalid(p, path, "conflicting duplicate paths"));
                }
            }
            if (n > 1) {
                errs.add(FieldError.forbidden(srcPath, "may not specify more than 1 volume type per source"));
            }
        }
        return errs;
    }
}
