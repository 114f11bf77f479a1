package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 PersistentVolume (cluster-scoped). */
public final class PersistentVolumeRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");
    /** Sources in upstream's check order, with their required fields. */
    private static final Map<String, List<String>> SOURCES = sources();

    private static Map<String, List<String>> sources() {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put("hostPath", List.of("path"));
        m.put("gcePersistentDisk", List.of("pdName"));
        m.put("awsElasticBlockStore", List.of("volumeID"));
        m.put("glusterfs", List.of("endpoints", "path"));
        m.put("flocker", List.of());
        m.put("nfs", List.of("server", "path"));
        m.put("rbd", List.of("monitors", "image"));
        m.put("quobyte", List.of("registry", "volume"));
        m.put("cephfs", List.of("monitors"));
        m.put("iscsi", List.of("targetPortal", "iqn"));
        m.put("cinder", List.of("volumeID"));
        m.put("fc", List.of());
        m.put("flexVolume", List.of("driver"));
        m.put("azureFile", List.of("secretName", "shareName"));
        m.put("vsphereVolume", List.of("volumePath"));
        m.put("photonPersistentDisk", List.of("pdID"));
        m.put("portworxVolume", List.of("volumeID"));
        m.put("azureDisk", List.of("diskName", "diskURI"));
        m.put("scaleIO", List.of("gateway", "system", "volumeName"));
        m.put("local", List.of("path"));
        m.put("storageos", List.of("volumeName"));
        m.put("csi", List.of("driver", "volumeHandle"));
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultString(spec, "persistentVolumeReclaimPolicy", "Retain");
        Fields.defaultString(spec, "volumeMode", "Filesystem");
        ResourceLists.defaultList(spec, "capacity");
        ObjectNode hostPath = Fields.objectOrNull(spec, "hostPath");
        if (hostPath != null && !Fields.has(hostPath, "type")) {
            hostPath.put("type", "");
        }
        Fields.defaultString(Fields.object(obj, "status"), "phase", "Pending");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        List<String> modes = Fields.strings(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("accessModes"), ""));
        }
        errs.addAll(PersistentVolumeClaimRules.accessModes(modes, SPEC.child("accessModes")));
        List<Map.Entry<String, JsonNode>> capacity = Fields.entries(spec, "capacity");
        if (capacity.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("capacity"), ""));
        }
        if (!Fields.get(spec, "capacity").has("storage") || capacity.size() > 1) {
            errs.add(FieldError.notSupported(SPEC.child("capacity"), Fields.get(spec, "capacity"), List.of("storage")));
        }
        for (Map.Entry<String, JsonNode> e : capacity) {
            FieldPath kp = SPEC.child("capacity").key(e.getKey());
            Quantity q = ResourceLists.parseOrNull(e.getValue());
            if (q != null && q.signum() <= 0) {
                errs.add(FieldError.invalid(kp, q.toString(), "must be greater than zero"));
            }
        }
        String policy = Fields.str(spec, "persistentVolumeReclaimPolicy");
        if (!policy.isEmpty() && !List.of("Delete", "Recycle", "Retain").contains(policy)) {
            errs.add(FieldError.notSupported(SPEC.child("persistentVolumeReclaimPolicy"), policy,
                    List.of("Delete", "Recycle", "Retain")));
        }
        JsonNode affinity = Fields.get(spec, "nodeAffinity");
        if (affinity.isObject() && !Fields.has(affinity, "required")) {
            errs.add(FieldError.required(SPEC.child("nodeAffinity").child("required"), "must specify required node constraints"));
        }
        int n = 0;
        for (Map.Entry<String, List<String>> source : SOURCES.entrySet()) {
            if (!Fields.has(spec, source.getKey())) {
                continue;
            }
            if (n++ > 0) {
                errs.add(FieldError.forbidden(SPEC.child(source.getKey()), "may not specify more than 1 volume type"));
                continue;
            }
            JsonNode src = Fields.get(spec, source.getKey());
            for (String f : source.getValue()) {
                JsonNode v = Fields.get(src, f);
                if (!Fields.has(src, f) || v.isTextual() && v.textValue().isEmpty() || v.isArray() && v.isEmpty()) {
                    errs.add(FieldError.required(SPEC.child(source.getKey()).child(f), ""));
                }
            }
        }
        if (n == 0) {
            errs.add(FieldError.required(SPEC, "must specify a volume type"));
        }
        String sc = Fields.str(spec, "storageClassName");
        if (!sc.isEmpty()) {
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(sc, false)) {
                errs.add(FieldError.invalid(SPEC.child("storageClassName"), sc, m));
            }
        }
        if (Fields.has(spec, "volumeMode") && !List.of("Block", "Filesystem").contains(Fields.str(spec, "volumeMode"))) {
            errs.add(FieldError.notSupported(SPEC.child("volumeMode"), Fields.str(spec, "volumeMode"), List.of("Block", "Filesystem")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        JsonNode oldSpec = Fields.get(old, "spec");
        for (String source : SOURCES.keySet()) {
            if (!JsonEquality.equal(Fields.get(spec, source), Fields.get(oldSpec, source))) {
                errs.add(FieldError.forbidden(FieldPath.of("spec", "persistentvolumesource"),
                        "spec.persistentvolumesource is immutable after creation\n"
                                + SpecDiff.diff("core.PersistentVolumeSource", Fields.get(oldSpec, source), Fields.get(spec, source))));
                break;
            }
        }
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(spec, "volumeMode"), Fields.get(oldSpec, "volumeMode"),
                FieldPath.root("volumeMode")));
        if (Fields.has(oldSpec, "nodeAffinity")) {
            errs.addAll(ObjectMetaValidation.immutable(Fields.get(spec, "nodeAffinity"), Fields.get(oldSpec, "nodeAffinity"),
                    SPEC.child("nodeAffinity")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        return MetaRules.CLUSTER.validateUpdate(obj, old);
    }
}
