package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.validation.Fields;
import java.util.List;
import java.util.Map;

/**
 * PodSpec defaulting ({@code SetDefaults_PodSpec} and the defaulters of its embedded types), applied to
 * Pods and to every pod template. The Pod-only part ({@code SetDefaults_Pod}) is {@link #applyPodOnly}.
 * Idempotent; mutates the given tree.
 */
public final class PodSpecDefaults {

    /** Volume sources in upstream's declaration order; a volume with none of them gets an emptyDir. */
    static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
            "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
            "ephemeral", "image");

    private static final int DEFAULT_MODE = 0644;

    private PodSpecDefaults() {
    }

    /** Defaults a pod template's spec (and the PVC templates of its ephemeral volumes). */
    public static void apply(ObjectNode spec) {
        Fields.defaultString(spec, "dnsPolicy", "ClusterFirst");
        Fields.defaultString(spec, "restartPolicy", "Always");
        if (!Fields.has(spec, "securityContext")) {
            spec.putObject("securityContext");
        }
        Fields.defaultInt(spec, "terminationGracePeriodSeconds", 30);
        Fields.defaultString(spec, "schedulerName", "default-scheduler");
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (ObjectNode c : Fields.objects(spec, list)) {
                container(c);
            }
        }
        for (ObjectNode v : Fields.objects(spec, "volumes")) {
            volume(v);
        }
        ResourceLists.defaultList(spec, "overhead");
    }

    /** The Pod-only defaults: request from limit, service links, host ports under host networking. */
    public static void applyPodOnly(ObjectNode spec) {
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode c : Fields.objects(spec, list)) {
                ObjectNode resources = Fields.objectOrNull(c, "resources");
                ObjectNode limits = Fields.objectOrNull(resources, "limits");
                if (limits == null || limits.isEmpty()) {
                    continue;
                }
                ObjectNode requests = Fields.object(resources, "requests");
                for (Map.Entry<String, JsonNode> e : limits.properties()) {
                    if (!requests.has(e.getKey())) {
                        requests.set(e.getKey(), e.getValue().deepCopy());
                    }
                }
            }
        }
        Fields.defaultBool(spec, "enableServiceLinks", true);
        if (Fields.isTrue(spec, "hostNetwork")) {
            for (String list : List.of("containers", "initContainers")) {
                for (ObjectNode c : Fields.objects(spec, list)) {
                    for (ObjectNode p : Fields.objects(c, "ports")) {
                        Long hostPort = Fields.integer(p, "hostPort");
                        if (hostPort == null || hostPort == 0) {
                            p.set("hostPort", p.get("containerPort") == null ? p.numberNode(0) : p.get("containerPort"));
                        }
                    }
                }
            }
        }
    }

    static void container(ObjectNode c) {
        if (Fields.str(c, "imagePullPolicy").isEmpty()) {
            c.put("imagePullPolicy", "latest".equals(imageTag(Fields.str(c, "image"))) ? "Always" : "IfNotPresent");
        }
        Fields.defaultString(c, "terminationMessagePath", "/dev/termination-log");
        Fields.defaultString(c, "terminationMessagePolicy", "File");
        for (ObjectNode p : Fields.objects(c, "ports")) {
            Fields.defaultString(p, "protocol", "TCP");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ObjectNode p = Fields.objectOrNull(c, probe);
            if (p != null) {
                probe(p);
            }
        }
        ObjectNode lifecycle = Fields.objectOrNull(c, "lifecycle");
        for (String hook : List.of("postStart", "preStop")) {
            handler(Fields.objectOrNull(lifecycle, hook));
        }
        for (ObjectNode env : Fields.objects(c, "env")) {
            fieldRef(Fields.objectOrNull(Fields.get(env, "valueFrom"), "fieldRef"));
            resourceFieldRef(Fields.objectOrNull(Fields.get(env, "valueFrom"), "resourceFieldRef"));
        }
        // ResourceRequirements is a struct upstream, so it always serialises, if only as {}.
        ObjectNode resources = Fields.object(c, "resources");
        ResourceLists.defaultList(resources, "limits");
        ResourceLists.defaultList(resources, "requests");
    }

    private static void probe(ObjectNode p) {
        Fields.defaultNonZeroInt(p, "timeoutSeconds", 1);
        Fields.defaultNonZeroInt(p, "periodSeconds", 10);
        Fields.defaultNonZeroInt(p, "successThreshold", 1);
        Fields.defaultNonZeroInt(p, "failureThreshold", 3);
        handler(p);
    }

    private static void handler(ObjectNode h) {
        ObjectNode http = Fields.objectOrNull(h, "httpGet");
        if (http != null) {
            Fields.defaultString(http, "path", "/");
            Fields.defaultString(http, "scheme", "HTTP");
        }
        ObjectNode grpc = Fields.objectOrNull(h, "grpc");
        if (grpc != null && !Fields.has(grpc, "service")) {
            grpc.put("service", "");
        }
    }

    /** The divisor is a plain Quantity upstream, so an unset one serialises as {@code "0"}. */
    private static void resourceFieldRef(ObjectNode ref) {
        if (ref == null) {
            return;
        }
        if (!Fields.has(ref, "divisor")) {
            ref.put("divisor", "0");
        }
        ResourceLists.canonical(ref, "divisor");
    }

    private static void fieldRef(ObjectNode ref) {
        if (ref != null) {
            Fields.defaultString(ref, "apiVersion", "v1");
        }
    }

    static void volume(ObjectNode v) {
        boolean hasSource = VOLUME_SOURCES.stream().anyMatch(s -> Fields.has(v, s));
        if (!hasSource) {
            v.putObject("emptyDir");
        }
        ResourceLists.canonical(Fields.get(v, "emptyDir"), "sizeLimit");
        for (String s : List.of("secret", "configMap", "downwardAPI", "projected")) {
            ObjectNode src = Fields.objectOrNull(v, s);
            if (src != null) {
                Fields.defaultInt(src, "defaultMode", DEFAULT_MODE);
            }
        }
        for (ObjectNode item : Fields.objects(Fields.get(v, "downwardAPI"), "items")) {
            fieldRef(Fields.objectOrNull(item, "fieldRef"));
            resourceFieldRef(Fields.objectOrNull(item, "resourceFieldRef"));
        }
        for (ObjectNode src : Fields.objects(Fields.get(v, "projected"), "sources")) {
            ObjectNode token = Fields.objectOrNull(src, "serviceAccountToken");
            if (token != null) {
                Fields.defaultInt(token, "expirationSeconds", 3600);
            }
            for (ObjectNode item : Fields.objects(Fields.get(src, "downwardAPI"), "items")) {
                fieldRef(Fields.objectOrNull(item, "fieldRef"));
                resourceFieldRef(Fields.objectOrNull(item, "resourceFieldRef"));
            }
        }
        ObjectNode hostPath = Fields.objectOrNull(v, "hostPath");
        if (hostPath != null && !Fields.has(hostPath, "type")) {
            hostPath.put("type", "");
        }
        ObjectNode iscsi = Fields.objectOrNull(v, "iscsi");
        if (iscsi != null) {
            Fields.defaultString(iscsi, "iscsiInterface", "default");
        }
        ObjectNode rbd = Fields.objectOrNull(v, "rbd");
        if (rbd != null) {
            Fields.defaultString(rbd, "pool", "rbd");
            Fields.defaultString(rbd, "user", "admin");
            Fields.defaultString(rbd, "keyring", "/etc/ceph/keyring");
        }
        ObjectNode azureDisk = Fields.objectOrNull(v, "azureDisk");
        if (azureDisk != null) {
            Fields.defaultString(azureDisk, "cachingMode", "ReadWrite");
            Fields.defaultString(azureDisk, "fsType", "ext4");
            Fields.defaultBool(azureDisk, "readOnly", false);
            Fields.defaultString(azureDisk, "kind", "Shared");
        }
        ObjectNode scaleIO = Fields.objectOrNull(v, "scaleIO");
        if (scaleIO != null) {
            Fields.defaultString(scaleIO, "storageMode", "ThinProvisioned");
            Fields.defaultString(scaleIO, "fsType", "xfs");
        }
        ObjectNode claimTemplate = Fields.objectOrNull(Fields.get(v, "ephemeral"), "volumeClaimTemplate");
        if (claimTemplate != null) {
            PersistentVolumeClaimRules.defaultSpec(Fields.object(claimTemplate, "spec"));
        }
    }

    /**
     * The tag an image reference resolves to: {@code latest} when neither tag nor digest is given,
     * empty for a digest-only or unparsable reference.
     */
    static String imageTag(String image) {
        String ref = image;
        boolean digest = false;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = true;
            ref = ref.substring(0, at);
        }
        if (ref.isEmpty() || !ref.equals(ref.strip()) || ref.contains(" ")) {
            return "";
        }
        int slash = ref.lastIndexOf('/');
        String last = ref.substring(slash + 1);
        int colon = last.lastIndexOf(':');
        String repo = colon >= 0 ? ref.substring(0, slash + 1 + colon) : ref;
        int firstSlash = repo.indexOf('/');
        // The first component may be a registry host (with port or uppercase); the path may not have uppercase.
        String path = firstSlash >= 0 && looksLikeHost(repo.substring(0, firstSlash)) ? repo.substring(firstSlash + 1) : repo;
        if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            return "";
        }
        if (colon >= 0) {
            return last.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }

    private static boolean looksLikeHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.equals(component.toLowerCase(java.util.Locale.ROOT));
    }
}
