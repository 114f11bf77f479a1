package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.IpAddresses;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ValidatePodSpec} and {@code ValidatePodTemplateSpec}: the rules every PodSpec obeys, in a Pod
 * or in a template. Stateless and thread-safe.
 */
public final class PodSpecValidation {

    static final List<String> RESTART_POLICIES = List.of("Always", "Never", "OnFailure");
    static final List<String> DNS_POLICIES = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");

    private PodSpecValidation() {
    }

    /**
     * Validates a PodSpec.
     *
     * @param podName the Pod's name when validating a Pod (ephemeral volume claims), empty in templates
     * @param isPod   true for a Pod (host ports must equal container ports under host networking)
     */
    public static List<FieldError> validate(JsonNode spec, String podName, boolean isPod, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Long gracePeriod = Fields.integer(spec, "terminationGracePeriodSeconds");
        if (gracePeriod == null) {
            errs.add(FieldError.required(path.child("terminationGracePeriodSeconds"), ""));
        }
        Map<String, JsonNode> volumes = VolumeValidation.newMap();
        errs.addAll(VolumeValidation.volumes(spec, podName, path.child("volumes"), volumes));
        errs.addAll(resourceClaims(Fields.list(spec, "resourceClaims"), path.child("resourceClaims")));
        errs.addAll(ContainerValidation.containers(spec, volumes, gracePeriod, path.child("containers")));
        errs.addAll(ContainerValidation.initContainers(spec, volumes, gracePeriod, path.child("initContainers")));
        errs.addAll(ContainerValidation.ephemeralContainers(spec, volumes, path.child("ephemeralContainers")));
        errs.addAll(hostNetworkPorts(spec, isPod, path));
        String restart = Fields.str(spec, "restartPolicy");
        if (restart.isEmpty()) {
            errs.add(FieldError.required(path.child("restartPolicy"), ""));
        } else if (!RESTART_POLICIES.contains(restart)) {
            errs.add(FieldError.notSupported(path.child("restartPolicy"), restart, RESTART_POLICIES));
        }
        String dns = Fields.str(spec, "dnsPolicy");
        if (dns.isEmpty()) {
            errs.add(FieldError.required(path.child("dnsPolicy"), ""));
        } else if (!DNS_POLICIES.contains(dns)) {
            errs.add(FieldError.notSupported(path.child("dnsPolicy"), dns, DNS_POLICIES));
        }
        errs.addAll(ObjectMetaValidation.labels(Fields.get(spec, "nodeSelector"), path.child("nodeSelector")));
        errs.addAll(SecurityContexts.pod(spec, path.child("securityContext")));
        List<JsonNode> pullSecrets = Fields.list(spec, "imagePullSecrets");
        for (int i = 0; i < pullSecrets.size(); i++) {
            JsonNode ref = pullSecrets.get(i);
            if (ref.isObject() && ref.size() > (ref.has("name") ? 1 : 0)) {
                errs.add(FieldError.invalid(path.child("imagePullSecrets").index(i), ref, "only name may be set"));
            }
        }
        errs.addAll(SchedulingValidation.affinity(Fields.get(spec, "affinity"), path.child("affinity")));
        errs.addAll(dnsConfig(spec, path.child("dnsConfig")));
        List<JsonNode> gates = Fields.list(spec, "readinessGates");
        for (int i = 0; i < gates.size(); i++) {
            errs.addAll(ObjectMetaValidation.labelName(Fields.str(gates.get(i), "conditionType"),
                    path.child("readinessGates").index(i).child("conditionType")));
        }
        errs.addAll(schedulingGates(Fields.list(spec, "schedulingGates"), path.child("schedulingGates")));
        errs.addAll(SchedulingValidation.topologySpread(Fields.list(spec, "topologySpreadConstraints"),
                path.child("topologySpreadConstraints")));
        errs.addAll(hostUsers(spec, path));
        nameField(spec, "serviceAccountName", path, errs);
        nameField(spec, "nodeName", path, errs);
        Long deadline = Fields.integer(spec, "activeDeadlineSeconds");
        if (deadline != null && (deadline < 1 || deadline > Integer.MAX_VALUE)) {
            errs.add(FieldError.invalid(path.child("activeDeadlineSeconds"), deadline,
                    Formats.inclusiveRangeError(1, Integer.MAX_VALUE)));
        }
        for (String f : List.of("hostname", "subdomain")) {
            String v = Fields.str(spec, f);
            if (!v.isEmpty()) {
                for (String m : Formats.dns1123Label(v)) {
                    errs.add(FieldError.invalid(path.child(f), v, m));
                }
            }
        }
        errs.addAll(SchedulingValidation.tolerations(Fields.list(spec, "tolerations"), path.child("tolerations")));
        errs.addAll(hostAliases(Fields.list(spec, "hostAliases"), path.child("hostAliases")));
        nameField(spec, "priorityClassName", path, errs);
        if (Fields.has(spec, "runtimeClassName")) {
            String rc = Fields.str(spec, "runtimeClassName");
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(rc, false)) {
                errs.add(FieldError.invalid(path.child("runtimeClassName"), rc, m));
            }
        }
        if (Fields.has(spec, "preemptionPolicy")) {
            String pp = Fields.str(spec, "preemptionPolicy");
            switch (pp) {
                case "PreemptLowerPriority", "Never" -> { }
                case "" -> errs.add(FieldError.required(path.child("preemptionPolicy"), ""));
                default -> errs.add(FieldError.notSupported(path.child("preemptionPolicy"), pp,
                        List.of("PreemptLowerPriority", "Never")));
            }
        }
        if (Fields.has(spec, "overhead")) {
            errs.addAll(Resources.requirements(overheadAsLimits(spec), path.child("overhead")));
        }
        errs.addAll(os(spec, path));
        return errs;
    }

    private static JsonNode overheadAsLimits(JsonNode spec) {
        var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.set("limits", Fields.get(spec, "overhead"));
        return node;
    }

    private static void nameField(JsonNode spec, String field, FieldPath path, List<FieldError> errs) {
        String v = Fields.str(spec, field);
        if (!v.isEmpty()) {
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(v, false)) {
                errs.add(FieldError.invalid(path.child(field), v, m));
            }
        }
    }

    private static List<FieldError> resourceClaims(List<JsonNode> claims, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < claims.size(); i++) {
            JsonNode c = claims.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(c, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p.child("name"), ""));
            } else if (names.contains(name)) {
                errs.add(FieldError.duplicate(p.child("name"), name));
            } else {
                for (String m : Formats.dns1123Label(name)) {
                    errs.add(FieldError.invalid(p.child("name"), name, m));
                }
                names.add(name);
            }
            boolean byName = Fields.has(c, "resourceClaimName");
            boolean byTemplate = Fields.has(c, "resourceClaimTemplateName");
            if (byName && byTemplate) {
                errs.add(FieldError.invalid(p, c, "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"));
            }
            if (!byName && !byTemplate) {
                errs.add(FieldError.invalid(p, c, "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"));
            }
        }
        return errs;
    }

    private static List<FieldError> hostNetworkPorts(JsonNode spec, boolean isPod, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (!Fields.isTrue(spec, "hostNetwork")) {
            return errs;
        }
        List<JsonNode> containers = Fields.list(spec, "containers");
        for (int i = 0; i < containers.size(); i++) {
            List<JsonNode> ports = Fields.list(containers.get(i), "ports");
            for (int j = 0; j < ports.size(); j++) {
                long hp = Fields.integer(ports.get(j), "hostPort", 0);
                long cp = Fields.integer(ports.get(j), "containerPort", 0);
                if ((isPod || hp != 0) && hp != cp) {
                    errs.add(FieldError.invalid(path.child("containers").index(i).child("ports").index(j).child("hostPort"),
                            hp, "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> dnsConfig(JsonNode spec, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode config = Fields.get(spec, "dnsConfig");
        if (Fields.str(spec, "dnsPolicy").equals("None")) {
            if (!config.isObject()) {
                return List.of(FieldError.required(p, "must provide `dnsConfig` when `dnsPolicy` is None"));
            }
            if (Fields.list(config, "nameservers").isEmpty()) {
                return List.of(FieldError.required(p.child("nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None"));
            }
        }
        if (!config.isObject()) {
            return errs;
        }
        List<String> nameservers = Fields.strings(config, "nameservers");
        if (nameservers.size() > 3) {
            errs.add(FieldError.invalid(p.child("nameservers"), Fields.get(config, "nameservers"),
                    "must not have more than 3 nameservers"));
        }
        for (int i = 0; i < nameservers.size(); i++) {
            errs.addAll(IpAddresses.validateIp(p.child("nameservers").index(i), nameservers.get(i)));
        }
        List<String> searches = Fields.strings(config, "searches");
        if (searches.size() > 32) {
            errs.add(FieldError.invalid(p.child("searches"), Fields.get(config, "searches"),
                    "must not have more than 32 search paths"));
        }
        if (String.join(" ", searches).length() > 2048) {
            errs.add(FieldError.invalid(p.child("searches"), Fields.get(config, "searches"),
                    "must not have more than 2048 characters (including spaces) in the search list"));
        }
        for (int i = 0; i < searches.size(); i++) {
            String search = searches.get(i);
            if (search.equals(".")) {
                continue;
            }
            search = search.endsWith(".") ? search.substring(0, search.length() - 1) : search;
            if (!search.matches("_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*")
                    || search.length() > 253) {
                List<String> msgs = new ArrayList<>();
                if (search.length() > 253) {
                    msgs.add(Formats.maxLenError(253));
                }
                msgs.add(Formats.regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                        + " characters, '_', '-' or '.', and must start and end with an alphanumeric character",
                        "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*", "example.com"));
                for (String m : msgs) {
                    errs.add(FieldError.invalid(p.child("searches").index(i), search, m));
                }
            }
        }
        List<JsonNode> options = Fields.list(config, "options");
        for (int i = 0; i < options.size(); i++) {
            if (Fields.str(options.get(i), "name").isEmpty()) {
                errs.add(FieldError.required(p.child("options").index(i), "must not be empty"));
            }
        }
        return errs;
    }

    private static List<FieldError> schedulingGates(List<JsonNode> gates, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < gates.size(); i++) {
            String name = Fields.str(gates.get(i), "name");
            errs.addAll(ObjectMetaValidation.labelName(name, path.index(i)));
            if (!seen.add(name)) {
                errs.add(FieldError.duplicate(path.index(i), name));
            }
        }
        return errs;
    }

    private static List<FieldError> hostUsers(JsonNode spec, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (!Boolean.FALSE.equals(Fields.bool(spec, "hostUsers"))) {
            return errs;
        }
        if (Fields.isTrue(spec, "hostNetwork")) {
            errs.add(FieldError.forbidden(path.child("hostNetwork"), "when `pod.Spec.HostUsers` is false"));
        }
        if (Fields.isTrue(spec, "hostPID")) {
            errs.add(FieldError.forbidden(path.child("HostPID"), "when `pod.Spec.HostUsers` is false"));
        }
        if (Fields.isTrue(spec, "hostIPC")) {
            errs.add(FieldError.forbidden(path.child("HostIPC"), "when `pod.Spec.HostUsers` is false"));
        }
        return errs;
    }

    private static List<FieldError> hostAliases(List<JsonNode> aliases, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < aliases.size(); i++) {
            errs.addAll(IpAddresses.validateIp(path.index(i).child("ip"), Fields.str(aliases.get(i), "ip")));
            List<String> hostnames = Fields.strings(aliases.get(i), "hostnames");
            for (int j = 0; j < hostnames.size(); j++) {
                for (String m : Formats.dns1123Subdomain(hostnames.get(j))) {
                    errs.add(FieldError.invalid(path.index(i).child("hostnames").index(j), hostnames.get(j), m));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> os(JsonNode spec, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode os = Fields.get(spec, "os");
        if (!os.isObject()) {
            return errs;
        }
        String name = Fields.str(os, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(path.child("os").child("name"), "cannot be empty"));
            return errs;
        }
        if (!name.equals("linux") && !name.equals("windows")) {
            errs.add(FieldError.notSupported(path.child("os"), name, List.of("linux", "windows")));
            return errs;
        }
        if (name.equals("linux")) {
            if (Fields.has(Fields.get(spec, "securityContext"), "windowsOptions")) {
                errs.add(FieldError.forbidden(path.child("securityContext").child("windowsOptions"),
                        "windows options cannot be set for a linux pod"));
            }
            visitContainers(spec, path, (c, cp) -> {
                if (Fields.has(Fields.get(c, "securityContext"), "windowsOptions")) {
                    errs.add(FieldError.forbidden(cp.child("securityContext").child("windowsOptions"),
                            "windows options cannot be set for a linux pod"));
                }
            });
        } else {
            JsonNode sc = Fields.get(spec, "securityContext");
            for (String f : List.of("appArmorProfile", "seLinuxOptions", "seccompProfile", "fsGroup",
                    "fsGroupChangePolicy", "sysctls", "runAsUser", "runAsGroup", "supplementalGroups",
                    "supplementalGroupsPolicy", "seLinuxChangePolicy")) {
                boolean set = f.equals("sysctls") ? !Fields.list(sc, f).isEmpty() : Fields.has(sc, f);
                if (set) {
                    errs.add(FieldError.forbidden(path.child("securityContext").child(f), "cannot be set for a windows pod"));
                }
            }
            for (String f : List.of("hostPID", "hostIPC")) {
                if (Fields.isTrue(spec, f)) {
                    errs.add(FieldError.forbidden(path.child(f), "cannot be set for a windows pod"));
                }
            }
            if (Fields.has(spec, "hostUsers")) {
                errs.add(FieldError.forbidden(path.child("hostUsers"), "cannot be set for a windows pod"));
            }
            if (Fields.has(spec, "shareProcessNamespace")) {
                errs.add(FieldError.forbidden(path.child("shareProcessNamespace"), "cannot be set for a windows pod"));
            }
            visitContainers(spec, path, (c, cp) -> {
                JsonNode csc = Fields.get(c, "securityContext");
                for (String f : List.of("appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities",
                        "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount", "runAsUser",
                        "runAsGroup")) {
                    if (Fields.has(csc, f)) {
                        errs.add(FieldError.forbidden(cp.child("securityContext").child(f), "cannot be set for a windows pod"));
                    }
                }
            });
        }
        return errs;
    }

    private static void visitContainers(JsonNode spec, FieldPath path,
                                        java.util.function.BiConsumer<JsonNode, FieldPath> visitor) {
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            List<JsonNode> cs = Fields.list(spec, list);
            for (int i = 0; i < cs.size(); i++) {
                visitor.accept(cs.get(i), path.child(list).index(i));
            }
        }
    }

    /**
     * {@code ValidatePodTemplateSpec}: template labels and annotations, the spec, and no ephemeral containers.
     */
    public static List<FieldError> template(JsonNode template, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode meta = Fields.get(template, "metadata");
        errs.addAll(ObjectMetaValidation.labels(Fields.get(meta, "labels"), path.child("labels")));
        errs.addAll(ObjectMetaValidation.annotations(Fields.get(meta, "annotations"), path.child("annotations")));
        JsonNode spec = Fields.get(template, "spec");
        errs.addAll(validate(spec, "", false, path.child("spec")));
        if (!Fields.list(spec, "ephemeralContainers").isEmpty()) {
            errs.add(FieldError.forbidden(path.child("spec").child("ephemeralContainers"),
                    "ephemeral containers not allowed in pod template"));
        }
        return errs;
    }

    /**
     * The template of a workload controller: labels matching the selector, a valid template, restart
     * policy {@code Always} and no active deadline.
     *
     * @param selector       the controller's label selector (absent selects nothing)
     * @param controllerName the name used in the activeDeadlineSeconds message, e.g. {@code ReplicaSet}
     */
    public static List<FieldError> controllerTemplate(JsonNode template, JsonNode selector, String controllerName,
                                                      FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (!template.isObject()) {
            errs.add(FieldError.required(path, ""));
            return errs;
        }
        Map<String, String> labels = Fields.stringMap(Fields.get(template, "metadata"), "labels");
        boolean everything = selector != null && selector.isObject() && LabelSelectors.isEmpty(selector);
        if (!everything && !LabelSelectors.matches(selector, labels)) {
            errs.add(FieldError.invalid(path.child("metadata").child("labels"),
                    Fields.get(Fields.get(template, "metadata"), "labels"), "`selector` does not match template `labels`"));
        }
        errs.addAll(template(template, path));
        JsonNode spec = Fields.get(template, "spec");
        String restart = Fields.str(spec, "restartPolicy");
        if (!restart.equals("Always")) {
            errs.add(FieldError.notSupported(path.child("spec").child("restartPolicy"), restart, List.of("Always")));
        }
        if (Fields.has(spec, "activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(path.child("spec").child("activeDeadlineSeconds"),
                    "activeDeadlineSeconds in " + controllerName + " is not Supported"));
        }
        return errs;
    }
}
