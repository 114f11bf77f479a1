package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validation of regular, init and ephemeral containers, as core validation. Stateless. */
final class ContainerValidation {

    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final Set<String> ENV_FIELD_PATHS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
            "status.podIPs");
    static final List<String> CONTAINER_RESOURCE_FIELDS = List.of("limits.cpu", "limits.ephemeral-storage",
            "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory");
    /** Fields an ephemeral container may set (the others are forbidden). */
    private static final List<String> EPHEMERAL_FORBIDDEN = List.of("ports", "resources", "livenessProbe",
            "readinessProbe", "startupProbe", "lifecycle", "resizePolicy", "restartPolicy");

    private ContainerValidation() {
    }

    /** Regular containers: common checks, unique names, probes and lifecycle, no restartPolicy. */
    static List<FieldError> containers(JsonNode spec, Map<String, JsonNode> volumes, Long gracePeriod, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> containers = Fields.list(spec, "containers");
        if (containers.isEmpty()) {
            errs.add(FieldError.required(path, ""));
            return errs;
        }
        String podRestart = Fields.str(spec, "restartPolicy");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode c = containers.get(i);
            FieldPath p = path.index(i);
            errs.addAll(common(c, volumes, p, podRestart));
            String name = Fields.str(c, "name");
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(p.child("name"), name));
            }
            if (Fields.has(c, "lifecycle")) {
                errs.addAll(lifecycle(Fields.get(c, "lifecycle"), gracePeriod, p.child("lifecycle")));
            }
            errs.addAll(probes(c, gracePeriod, p));
            if (Fields.has(c, "restartPolicy")) {
                errs.add(FieldError.forbidden(p.child("restartPolicy"), "may not be set for non-init containers"));
            }
        }
        errs.addAll(hostPortConflicts(containers, path));
        return errs;
    }

    static List<FieldError> initContainers(JsonNode spec, Map<String, JsonNode> volumes, Long gracePeriod,
                                           FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        String podRestart = Fields.str(spec, "restartPolicy");
        Set<String> names = new HashSet<>();
        for (JsonNode c : Fields.list(spec, "containers")) {
            names.add(Fields.str(c, "name"));
        }
        List<JsonNode> inits = Fields.list(spec, "initContainers");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode c = inits.get(i);
            FieldPath p = path.index(i);
            errs.addAll(common(c, volumes, p, podRestart));
            boolean restartAlways = false;
            if (Fields.has(c, "restartPolicy")) {
                String rp = Fields.str(c, "restartPolicy");
                if (!rp.equals("Always")) {
                    errs.add(FieldError.notSupported(p.child("restartPolicy"), rp, List.of("Always")));
                }
                restartAlways = rp.equals("Always");
            }
            String name = Fields.str(c, "name");
            if (names.contains(name)) {
                errs.add(FieldError.duplicate(p.child("name"), name));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
            errs.addAll(hostPortConflicts(List.of(c), path));
            if (restartAlways) {
                if (Fields.has(c, "lifecycle")) {
                    errs.addAll(lifecycle(Fields.get(c, "lifecycle"), gracePeriod, p.child("lifecycle")));
                }
                errs.addAll(probes(c, gracePeriod, p));
            } else {
                for (String f : List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")) {
                    if (Fields.has(c, f)) {
                        errs.add(FieldError.forbidden(p.child(f), "may not be set for init containers without restartPolicy=Always"));
                    }
                }
            }
        }
        return errs;
    }

    static List<FieldError> ephemeralContainers(JsonNode spec, Map<String, JsonNode> volumes, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> eph = Fields.list(spec, "ephemeralContainers");
        if (eph.isEmpty()) {
            return errs;
        }
        Set<String> others = new HashSet<>();
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : Fields.list(spec, list)) {
                others.add(Fields.str(c, "name"));
            }
        }
        Set<String> all = new HashSet<>(others);
        String podRestart = Fields.str(spec, "restartPolicy");
        for (int i = 0; i < eph.size(); i++) {
            JsonNode c = eph.get(i);
            FieldPath p = path.index(i);
            errs.addAll(common(c, volumes, p, podRestart));
            errs.addAll(podOnly(c, p));
            String name = Fields.str(c, "name");
            if (!all.add(name)) {
                errs.add(FieldError.duplicate(p.child("name"), name));
            }
            String target = Fields.str(c, "targetContainerName");
            if (!target.isEmpty() && !others.contains(target)) {
                errs.add(FieldError.notFound(p.child("targetContainerName"), target));
            }
            for (String f : EPHEMERAL_FORBIDDEN) {
                JsonNode v = Fields.get(c, f);
                boolean set = Fields.has(c, f) && !(v.isObject() && v.isEmpty()) && !(v.isArray() && v.isEmpty());
                if (set) {
                    errs.add(FieldError.forbidden(p.child(f), "cannot be set for an Ephemeral Container"));
                }
            }
            List<JsonNode> mounts = Fields.list(c, "volumeMounts");
            for (int m = 0; m < mounts.size(); m++) {
                for (String f : List.of("subPath", "subPathExpr")) {
                    if (!Fields.str(mounts.get(m), f).isEmpty()) {
                        errs.add(FieldError.forbidden(p.child("volumeMounts").index(m).child(f),
                                "cannot be set for an Ephemeral Container"));
                    }
                }
            }
        }
        return errs;
    }

    /** Checks that only a Pod (not a template) gets: no whitespace around the image. */
    static List<FieldError> podOnly(JsonNode c, FieldPath p) {
        String image = Fields.str(c, "image");
        if (image.length() != image.strip().length()) {
            return List.of(FieldError.invalid(p.child("image"), image, "must not have leading or trailing whitespace"));
        }
        return List.of();
    }

    private static List<FieldError> common(JsonNode c, Map<String, JsonNode> volumes, FieldPath p, String podRestart) {
        List<FieldError> errs = new ArrayList<>();
        String name = Fields.str(c, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(p.child("name"), ""));
        } else {
            for (String msg : Formats.dns1123Label(name)) {
                errs.add(FieldError.invalid(p.child("name"), name, msg));
            }
        }
        if (Fields.str(c, "image").isEmpty()) {
            errs.add(FieldError.required(p.child("image"), ""));
        }
        String tmp = Fields.str(c, "terminationMessagePolicy");
        switch (tmp) {
            case "File", "FallbackToLogsOnError" -> { }
            case "" -> errs.add(FieldError.required(p.child("terminationMessagePolicy"), ""));
            default -> errs.add(FieldError.notSupported(p.child("terminationMessagePolicy"), tmp,
                    List.of("File", "FallbackToLogsOnError")));
        }
        errs.addAll(ports(Fields.list(c, "ports"), p.child("ports")));
        errs.addAll(env(Fields.list(c, "env"), p.child("env")));
        errs.addAll(envFrom(Fields.list(c, "envFrom"), p.child("envFrom")));
        errs.addAll(volumeMounts(c, volumes, p.child("volumeMounts")));
        errs.addAll(volumeDevices(c, volumes, p.child("volumeDevices")));
        String pull = Fields.str(c, "imagePullPolicy");
        if (pull.isEmpty()) {
            errs.add(FieldError.required(p.child("imagePullPolicy"), ""));
        } else if (!PULL_POLICIES.contains(pull)) {
            errs.add(FieldError.notSupported(p.child("imagePullPolicy"), pull, PULL_POLICIES));
        }
        errs.addAll(Resources.requirements(Fields.get(c, "resources"), p.child("resources")));
        errs.addAll(resizePolicy(Fields.list(c, "resizePolicy"), p.child("resizePolicy"), podRestart));
        errs.addAll(SecurityContexts.container(Fields.get(c, "securityContext"), p.child("securityContext")));
        return errs;
    }

    static List<FieldError> ports(List<JsonNode> ports, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(port, "name");
            if (!name.isEmpty()) {
                List<String> msgs = Formats.portName(name);
                if (!msgs.isEmpty()) {
                    for (String m : msgs) {
                        errs.add(FieldError.invalid(p.child("name"), name, m));
                    }
                } else if (!names.add(name)) {
                    errs.add(FieldError.duplicate(p.child("name"), name));
                }
            }
            long cp = Fields.integer(port, "containerPort", 0);
            if (cp == 0) {
                errs.add(FieldError.required(p.child("containerPort"), ""));
            } else {
                for (String m : Formats.portNumber(cp)) {
                    errs.add(FieldError.invalid(p.child("containerPort"), cp, m));
                }
            }
            long hp = Fields.integer(port, "hostPort", 0);
            if (hp != 0) {
                for (String m : Formats.portNumber(hp)) {
                    errs.add(FieldError.invalid(p.child("hostPort"), hp, m));
                }
            }
            String proto = Fields.str(port, "protocol");
            if (proto.isEmpty()) {
                errs.add(FieldError.required(p.child("protocol"), ""));
            } else if (!PROTOCOLS.contains(proto)) {
                errs.add(FieldError.notSupported(p.child("protocol"), proto, PROTOCOLS));
            }
        }
        return errs;
    }

    private static List<FieldError> env(List<JsonNode> vars, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            JsonNode ev = vars.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(ev, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p.child("name"), ""));
            } else {
                for (String m : Formats.relaxedEnvVarName(name)) {
                    errs.add(FieldError.invalid(p.child("name"), name, m));
                }
            }
            errs.addAll(valueFrom(ev, p.child("valueFrom")));
        }
        return errs;
    }

    private static List<FieldError> valueFrom(JsonNode ev, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode from = Fields.get(ev, "valueFrom");
        if (!from.isObject()) {
            return errs;
        }
        int sources = 0;
        if (Fields.has(from, "fieldRef")) {
            sources++;
            errs.addAll(fieldSelector(Fields.get(from, "fieldRef"), ENV_FIELD_PATHS, p.child("fieldRef")));
        }
        if (Fields.has(from, "resourceFieldRef")) {
            sources++;
            errs.addAll(resourceFieldSelector(Fields.get(from, "resourceFieldRef"), false, p.child("resourceFieldRef")));
        }
        if (Fields.has(from, "configMapKeyRef")) {
            sources++;
            errs.addAll(keySelector(Fields.get(from, "configMapKeyRef"), p.child("configMapKeyRef")));
        }
        if (Fields.has(from, "secretKeyRef")) {
            sources++;
            errs.addAll(keySelector(Fields.get(from, "secretKeyRef"), p.child("secretKeyRef")));
        }
        if (sources == 0) {
            errs.add(FieldError.invalid(p, "",
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (!Fields.str(ev, "value").isEmpty()) {
            errs.add(FieldError.invalid(p, "", "may not be specified when `value` is not empty"));
        } else if (sources > 1) {
            errs.add(FieldError.invalid(p, "", "may not have more than one field specified at a time"));
        }
        return errs;
    }

    /** A downward API field path: one of {@code allowed}, or a subscripted labels/annotations path. */
    static List<FieldError> fieldSelector(JsonNode fs, Set<String> allowed, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String apiVersion = Fields.str(fs, "apiVersion");
        String fieldPath = Fields.str(fs, "fieldPath");
        if (apiVersion.isEmpty()) {
            errs.add(FieldError.required(p.child("apiVersion"), ""));
            return errs;
        }
        if (fieldPath.isEmpty()) {
            errs.add(FieldError.required(p.child("fieldPath"), ""));
            return errs;
        }
        if (!apiVersion.equals("v1")) {
            errs.add(FieldError.invalid(p.child("fieldPath"), fieldPath,
                    "error converting fieldPath: unsupported pod version: " + apiVersion));
            return errs;
        }
        int bracket = fieldPath.indexOf('[');
        if (bracket > 0 && fieldPath.endsWith("']") && fieldPath.startsWith("['", bracket)) {
            String base = fieldPath.substring(0, bracket);
            String subscript = fieldPath.substring(bracket + 2, fieldPath.length() - 2);
            switch (base) {
                case "metadata.annotations" -> errs.addAll(ObjectMetaValidation.labelName(
                        subscript.toLowerCase(java.util.Locale.ROOT), p));
                case "metadata.labels" -> errs.addAll(ObjectMetaValidation.labelName(subscript, p));
                default -> errs.add(FieldError.invalid(p, base, "does not support subscript"));
            }
        } else if (!allowed.contains(fieldPath)) {
            errs.add(FieldError.notSupported(p.child("fieldPath"), fieldPath, allowed.stream().sorted().toList()));
        }
        return errs;
    }

    static List<FieldError> resourceFieldSelector(JsonNode fs, boolean volume, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String resource = Fields.str(fs, "resource");
        if (volume && Fields.str(fs, "containerName").isEmpty()) {
            errs.add(FieldError.required(p.child("containerName"), ""));
        } else if (resource.isEmpty()) {
            errs.add(FieldError.required(p.child("resource"), ""));
        } else if (!CONTAINER_RESOURCE_FIELDS.contains(resource)
                && !resource.startsWith("requests.hugepages-") && !resource.startsWith("limits.hugepages-")) {
            errs.add(FieldError.notSupported(p.child("resource"), resource, CONTAINER_RESOURCE_FIELDS));
        }
        if (Fields.has(fs, "divisor")) {
            var divisor = ResourceLists.parseOrNull(Fields.get(fs, "divisor"));
            String d = divisor == null ? Fields.str(fs, "divisor") : divisor.toString();
            if (divisor != null && !divisor.isZero()) {
                if (resource.endsWith(".cpu") && !Set.of("1m", "1").contains(d)) {
                    errs.add(FieldError.invalid(p.child("divisor"), resource,
                            "only divisor's values 1m and 1 are supported with the cpu resource"));
                } else if ((resource.endsWith(".memory") || resource.endsWith(".ephemeral-storage"))
                        && !Set.of("1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei")
                        .contains(d)) {
                    String what = resource.endsWith(".memory") ? "memory" : "local ephemeral storage";
                    errs.add(FieldError.invalid(p.child("divisor"), resource, "only divisor's values 1, 1k, 1M, 1G, 1T,"
                            + " 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the " + what + " resource"));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> keySelector(JsonNode s, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String name = Fields.str(s, "name");
        for (String m : Formats.dns1123Subdomain(name)) {
            errs.add(FieldError.invalid(p.child("name"), name, m));
        }
        String key = Fields.str(s, "key");
        if (key.isEmpty()) {
            errs.add(FieldError.required(p.child("key"), ""));
        } else {
            for (String m : Formats.configMapKey(key)) {
                errs.add(FieldError.invalid(p.child("key"), key, m));
            }
        }
        return errs;
    }

    private static List<FieldError> envFrom(List<JsonNode> sources, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            JsonNode ev = sources.get(i);
            FieldPath p = path.index(i);
            String prefix = Fields.str(ev, "prefix");
            if (!prefix.isEmpty()) {
                for (String m : Formats.relaxedEnvVarName(prefix)) {
                    errs.add(FieldError.invalid(p.child("prefix"), prefix, m));
                }
            }
            int n = 0;
            for (String ref : List.of("configMapRef", "secretRef")) {
                if (Fields.has(ev, ref)) {
                    n++;
                    String name = Fields.str(Fields.get(ev, ref), "name");
                    if (name.isEmpty()) {
                        errs.add(FieldError.required(p.child(ref).child("name"), ""));
                    } else {
                        for (String m : dev.tugboat.api.validation.NameRule.DNS1123_SUBDOMAIN.check(name, true)) {
                            errs.add(FieldError.invalid(p.child(ref).child("name"), name, m));
                        }
                    }
                }
            }
            if (n == 0) {
                errs.add(FieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
            } else if (n > 1) {
                errs.add(FieldError.invalid(path, "", "may not have more than one field specified at a time"));
            }
        }
        return errs;
    }

    private static List<FieldError> volumeMounts(JsonNode c, Map<String, JsonNode> volumes, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> devices = new java.util.HashMap<>();
        for (JsonNode d : Fields.list(c, "volumeDevices")) {
            devices.put(Fields.str(d, "name"), Fields.str(d, "devicePath"));
        }
        boolean privileged = Fields.isTrue(Fields.get(c, "securityContext"), "privileged");
        Set<String> mountPoints = new HashSet<>();
        List<JsonNode> mounts = Fields.list(c, "volumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode m = mounts.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(m, "name");
            String mountPath = Fields.str(m, "mountPath");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p.child("name"), ""));
            }
            if (!volumes.containsKey(name)) {
                errs.add(FieldError.notFound(p.child("name"), name));
            }
            if (mountPath.isEmpty()) {
                errs.add(FieldError.required(p.child("mountPath"), ""));
            }
            if (!mountPoints.add(mountPath)) {
                errs.add(FieldError.invalid(p.child("mountPath"), mountPath, "must be unique"));
            }
            if (devices.containsKey(name)) {
                errs.add(FieldError.invalid(p.child("name"), name, "must not already exist in volumeDevices"));
            }
            if (devices.containsValue(mountPath)) {
                errs.add(FieldError.invalid(p.child("mountPath"), mountPath, "must not already exist as a path in volumeDevices"));
            }
            JsonNode vol = volumes.get(name);
            String subPath = Fields.str(m, "subPath");
            String subPathExpr = Fields.str(m, "subPathExpr");
            if (vol != null && Fields.has(vol, "image")) {
                if (!subPath.isEmpty()) {
                    errs.add(FieldError.invalid(p.child("subPath"), subPath, "not allowed in image volume sources"));
                }
                if (!subPathExpr.isEmpty()) {
                    errs.add(FieldError.invalid(p.child("subPathExpr"), subPathExpr, "not allowed in image volume sources"));
                }
            }
            if (!subPath.isEmpty()) {
                errs.addAll(Paths.localDescending(subPath, path.child("subPath")));
            }
            if (!subPathExpr.isEmpty()) {
                if (!subPath.isEmpty()) {
                    errs.add(FieldError.invalid(p.child("subPathExpr"), subPathExpr,
                            "subPathExpr and subPath are mutually exclusive"));
                }
                errs.addAll(Paths.localDescending(subPathExpr, path.child("subPathExpr")));
            }
            String propagation = Fields.str(m, "mountPropagation");
            if (Fields.has(m, "mountPropagation")) {
                List<String> supported = List.of("Bidirectional", "HostToContainer", "None");
                if (!supported.contains(propagation)) {
                    errs.add(FieldError.notSupported(path.child("mountPropagation"), propagation, supported));
                }
                if (propagation.equals("Bidirectional") && !privileged) {
                    errs.add(FieldError.forbidden(path.child("mountPropagation"),
                            "Bidirectional mount propagation is available only to privileged containers"));
                }
            }
            if (Fields.has(m, "recursiveReadOnly")) {
                String rro = Fields.str(m, "recursiveReadOnly");
                FieldPath rp = path.child("recursiveReadOnly");
                switch (rro) {
                    case "Disabled" -> { }
                    case "Enabled", "IfPossible" -> {
                        if (!Fields.isTrue(m, "readOnly")) {
                            errs.add(FieldError.forbidden(rp, "may only be specified when readOnly is true"));
                        }
                        if (!propagation.isEmpty() && !propagation.equals("None")) {
                            errs.add(FieldError.forbidden(rp, "may only be specified when mountPropagation is None or not specified"));
                        }
                    }
                    default -> errs.add(FieldError.notSupported(rp, rro, List.of("Disabled", "Enabled", "IfPossible")));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> volumeDevices(JsonNode c, Map<String, JsonNode> volumes, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> mounts = new java.util.HashMap<>();
        for (JsonNode m : Fields.list(c, "volumeMounts")) {
            mounts.put(Fields.str(m, "name"), Fields.str(m, "mountPath"));
        }
        Set<String> paths = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> devices = Fields.list(c, "volumeDevices");
        for (int i = 0; i < devices.size(); i++) {
            JsonNode d = devices.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(d, "name");
            String devicePath = Fields.str(d, "devicePath");
            JsonNode vol = volumes.get(name);
            if (name.isEmpty()) {
                errs.add(FieldError.required(p.child("name"), ""));
            }
            if (names.contains(name)) {
                errs.add(FieldError.invalid(p.child("name"), name, "must be unique"));
            }
            if (vol != null && !Fields.has(vol, "persistentVolumeClaim") && !Fields.has(vol, "ephemeral")) {
                errs.add(FieldError.invalid(p.child("name"), name,
                        "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
            }
            if (vol == null) {
                errs.add(FieldError.notFound(p.child("name"), name));
            }
            if (devicePath.isEmpty()) {
                errs.add(FieldError.required(p.child("devicePath"), ""));
            }
            if (paths.contains(devicePath)) {
                errs.add(FieldError.invalid(p.child("devicePath"), devicePath, "must be unique"));
            }
            if (!devicePath.isEmpty() && !Paths.noBacksteps(devicePath, p).isEmpty()) {
                errs.add(FieldError.invalid(p.child("devicePath"), devicePath, "can not contain backsteps ('..')"));
            } else {
                paths.add(devicePath);
            }
            if (mounts.containsKey(name)) {
                errs.add(FieldError.invalid(p.child("name"), name, "must not already exist in volumeMounts"));
            }
            if (mounts.containsValue(devicePath)) {
                errs.add(FieldError.invalid(p.child("devicePath"), devicePath, "must not already exist as a path in volumeMounts"));
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return errs;
    }

    private static List<FieldError> resizePolicy(List<JsonNode> policies, FieldPath path, String podRestart) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < policies.size(); i++) {
            JsonNode pol = policies.get(i);
            String resource = Fields.str(pol, "resourceName");
            String policy = Fields.str(pol, "restartPolicy");
            if (!seen.add(resource)) {
                errs.add(FieldError.duplicate(path.index(i), resource));
            }
            switch (resource) {
                case "cpu", "memory" -> { }
                case "" -> errs.add(FieldError.required(path, ""));
                default -> errs.add(FieldError.notSupported(path, resource, List.of("cpu", "memory")));
            }
            switch (policy) {
                case "NotRequired", "RestartContainer" -> { }
                case "" -> errs.add(FieldError.required(path, ""));
                default -> errs.add(FieldError.notSupported(path, policy, List.of("NotRequired", "RestartContainer")));
            }
            if (podRestart.equals("Never") && !policy.equals("NotRequired")) {
                errs.add(FieldError.invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
            }
        }
        return errs;
    }

    private static List<FieldError> probes(JsonNode c, Long gracePeriod, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode probe = Fields.get(c, kind);
            if (!probe.isObject()) {
                continue;
            }
            FieldPath pp = p.child(kind);
            errs.addAll(handler(probe, gracePeriod, pp, false));
            for (String f : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                    "failureThreshold")) {
                errs.addAll(ObjectMetaValidation.nonNegative(probe, f, pp));
            }
            Long tgps = Fields.integer(probe, "terminationGracePeriodSeconds");
            if (tgps != null && tgps <= 0) {
                errs.add(FieldError.invalid(pp.child("terminationGracePeriodSeconds"), tgps, "must be greater than 0"));
            }
            long success = Fields.integer(probe, "successThreshold", 0);
            if (!kind.equals("readinessProbe") && success != 1) {
                errs.add(FieldError.invalid(pp.child("successThreshold"), success, "must be 1"));
            }
            if (kind.equals("readinessProbe") && tgps != null) {
                errs.add(FieldError.invalid(pp.child("terminationGracePeriodSeconds"), tgps,
                        "must not be set for readinessProbes"));
            }
        }
        return errs;
    }

    private static List<FieldError> lifecycle(JsonNode lifecycle, Long gracePeriod, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        for (String hook : List.of("postStart", "preStop")) {
            if (Fields.has(lifecycle, hook)) {
                errs.addAll(handler(Fields.get(lifecycle, hook), gracePeriod, p.child(hook), true));
            }
        }
        return errs;
    }

    private static List<FieldError> handler(JsonNode h, Long gracePeriod, FieldPath p, boolean lifecycle) {
        List<FieldError> errs = new ArrayList<>();
        List<String> kinds = lifecycle ? List.of("exec", "httpGet", "tcpSocket", "sleep")
                : List.of("exec", "httpGet", "tcpSocket", "grpc");
        int n = 0;
        for (String kind : kinds) {
            if (!Fields.has(h, kind)) {
                continue;
            }
            if (n > 0) {
                errs.add(FieldError.forbidden(p.child(kind), "may not specify more than 1 handler type"));
                continue;
            }
            n++;
            JsonNode a = Fields.get(h, kind);
            FieldPath ap = p.child(kind);
            switch (kind) {
                case "exec" -> {
                    if (Fields.list(a, "command").isEmpty()) {
                        errs.add(FieldError.required(ap.child("command"), ""));
                    }
                }
                case "httpGet" -> {
                    if (Fields.str(a, "path").isEmpty()) {
                        errs.add(FieldError.required(ap.child("path"), ""));
                    }
                    errs.addAll(portNumOrName(Fields.get(a, "port"), ap.child("port")));
                    String scheme = Fields.str(a, "scheme");
                    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                        errs.add(FieldError.notSupported(ap.child("scheme"), scheme, List.of("HTTP", "HTTPS")));
                    }
                    for (JsonNode header : Fields.list(a, "httpHeaders")) {
                        for (String m : Formats.httpHeaderName(Fields.str(header, "name"))) {
                            errs.add(FieldError.invalid(ap.child("httpHeaders"), Fields.str(header, "name"), m));
                        }
                    }
                }
                case "tcpSocket" -> errs.addAll(portNumOrName(Fields.get(a, "port"), ap.child("port")));
                case "grpc" -> {
                    long port = Fields.integer(a, "port", 0);
                    for (String m : Formats.portNumber(port)) {
                        errs.add(FieldError.invalid(ap.child("port"), port, m));
                    }
                }
                default -> {
                    long seconds = Fields.integer(a, "seconds", 0);
                    if (gracePeriod != null && (seconds < 0 || seconds > gracePeriod)) {
                        errs.add(FieldError.invalid(ap, seconds, "must be non-negative and less than"
                                + " terminationGracePeriodSeconds (" + gracePeriod + ")"));
                    }
                }
            }
        }
        if (n == 0) {
            errs.add(FieldError.required(p, "must specify a handler type"));
        }
        return errs;
    }

    /** An int-or-string port: a number in range, or an IANA service name. */
    static List<FieldError> portNumOrName(JsonNode port, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (port.isNumber()) {
            for (String m : Formats.portNumber(port.asLong())) {
                errs.add(FieldError.invalid(p, port.asLong(), m));
            }
        } else if (port.isTextual()) {
            for (String m : Formats.portName(port.textValue())) {
                errs.add(FieldError.invalid(p, port.textValue(), m));
            }
        } else {
            for (String m : Formats.portNumber(0)) {
                errs.add(FieldError.invalid(p, 0, m));
            }
        }
        return errs;
    }

    /** Host ports must be unique per protocol and host IP. */
    static List<FieldError> hostPortConflicts(List<JsonNode> containers, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int ci = 0; ci < containers.size(); ci++) {
            List<JsonNode> ports = Fields.list(containers.get(ci), "ports");
            for (int pi = 0; pi < ports.size(); pi++) {
                JsonNode port = ports.get(pi);
                long hp = Fields.integer(port, "hostPort", 0);
                if (hp == 0) {
                    continue;
                }
                String key = Fields.str(port, "protocol") + "/" + Fields.str(port, "hostIP") + "/" + hp;
                if (!seen.add(key)) {
                    errs.add(FieldError.duplicate(path.index(ci).child("ports").index(pi).child("hostPort"), key));
                }
            }
        }
        return errs;
    }
}
