package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.IpAddresses;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** core/v1 Pod: defaulting, create/update/status validation as upstream. */
public final class PodRules implements KindRules {

    static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing"
            + " tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath ANNOTATIONS = FieldPath.of("metadata", "annotations");
    private static final String MIRROR = "kubernetes.io/config.mirror";
    private static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    private static final Set<String> SYSTEM_CONDITIONS = Set.of("PodScheduled", "Ready", "Initialized");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        PodSpecDefaults.apply(spec);
        PodSpecDefaults.applyPodOnly(spec);
        conditionTimesAsGoWritesThem(obj);
    }

    /**
     * A PodCondition's lastProbeTime and lastTransitionTime are non-pointer metav1.Time fields upstream,
     * which Go always serializes, as null when unset (so {@code kubectl get pod -o yaml} shows
     * {@code lastProbeTime: null}); a strategic-merge patch's null (the scheduler's) removes the key only
     * until the object is encoded again.
     */
    private static void conditionTimesAsGoWritesThem(ObjectNode pod) {
        JsonNode conditions = pod.path("status").path("conditions");
        for (JsonNode c : conditions) {
            if (c instanceof ObjectNode condition) {
                for (String time : List.of("lastProbeTime", "lastTransitionTime")) {
                    if (!condition.has(time)) {
                        condition.putNull(time);
                    }
                }
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = metadataAndSpec(obj);
        JsonNode spec = Fields.get(obj, "spec");
        if (!Fields.list(spec, "ephemeralContainers").isEmpty()) {
            errs.add(FieldError.forbidden(SPEC.child("ephemeralContainers"), "cannot be set on create"));
        }
        if (!Fields.str(spec, "nodeName").isEmpty() && !Fields.list(spec, "schedulingGates").isEmpty()) {
            errs.add(FieldError.forbidden(SPEC.child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
        }
        return errs;
    }

    private static List<FieldError> metadataAndSpec(JsonNode pod) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(pod));
        JsonNode spec = Fields.get(pod, "spec");
        errs.addAll(specificAnnotations(pod));
        errs.addAll(PodSpecValidation.validate(spec, dev.tugboat.api.meta.Meta.name(pod), true, SPEC));
        if (Fields.str(spec, "serviceAccountName").isEmpty()) {
            List<JsonNode> volumes = Fields.list(spec, "volumes");
            for (int v = 0; v < volumes.size(); v++) {
                List<JsonNode> sources = Fields.list(Fields.get(volumes.get(v), "projected"), "sources");
                for (int s = 0; s < sources.size(); s++) {
                    if (Fields.has(sources.get(s), "serviceAccountToken")) {
                        errs.add(FieldError.forbidden(SPEC.child("volumes").index(v).child("projected").child("sources")
                                .index(s).child("serviceAccountToken"), "must not be specified when serviceAccountName is not set"));
                    }
                }
            }
        }
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> cs = Fields.list(spec, list);
            for (int i = 0; i < cs.size(); i++) {
                errs.addAll(ContainerValidation.podOnly(cs.get(i), SPEC.child(list).index(i)));
            }
        }
        return errs;
    }

    private static List<FieldError> specificAnnotations(JsonNode pod) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> annotations = dev.tugboat.api.meta.Meta.annotations(pod);
        JsonNode spec = Fields.get(pod, "spec");
        if (annotations.containsKey(MIRROR) && Fields.str(spec, "nodeName").isEmpty()) {
            errs.add(FieldError.invalid(ANNOTATIONS.key(MIRROR), annotations.get(MIRROR),
                    "must set spec.nodeName if mirror pod annotation is set"));
        }
        String cost = annotations.get(DELETION_COST);
        if (cost != null) {
            boolean ok;
            try {
                Integer.parseInt(cost);
                ok = !cost.startsWith("+");
            } catch (NumberFormatException e) {
                ok = false;
            }
            if (!ok) {
                errs.add(FieldError.invalid(ANNOTATIONS.key(DELETION_COST), cost, "must be a 32bit integer"));
            }
        }
        Set<String> containerNames = new HashSet<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            Fields.list(spec, list).forEach(c -> containerNames.add(Fields.str(c, "name")));
        }
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            if (!e.getKey().startsWith(APPARMOR_PREFIX)) {
                continue;
            }
            String container = e.getKey().substring(APPARMOR_PREFIX.length());
            if (!containerNames.contains(container)) {
                errs.add(FieldError.invalid(ANNOTATIONS.key(e.getKey()), container, "container not found"));
            }
            String profile = e.getValue();
            if (!profile.isEmpty() && !profile.equals("runtime/default") && !profile.equals("unconfined")
                    && !profile.startsWith("localhost/")) {
                errs.add(FieldError.invalid(ANNOTATIONS.key(e.getKey()), profile,
                        "invalid AppArmor profile name: " + dev.tugboat.api.errors.GoValues.quote(profile)));
            }
        }
        return errs;
    }

    private static List<FieldError> annotationUpdates(JsonNode pod, JsonNode old) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> now = dev.tugboat.api.meta.Meta.annotations(pod);
        Map<String, String> before = dev.tugboat.api.meta.Meta.annotations(old);
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (e.getValue().equals(now.get(e.getKey()))) {
                continue;
            }
            if (e.getKey().startsWith(APPARMOR_PREFIX)) {
                errs.add(FieldError.forbidden(ANNOTATIONS.key(e.getKey()), "may not remove or update AppArmor annotations"));
            }
            if (e.getKey().equals(MIRROR)) {
                errs.add(FieldError.forbidden(ANNOTATIONS.key(e.getKey()), "may not remove or update mirror pod annotation"));
            }
        }
        for (String k : now.keySet()) {
            if (before.containsKey(k)) {
                continue;
            }
            if (k.startsWith(APPARMOR_PREFIX)) {
                errs.add(FieldError.forbidden(ANNOTATIONS.key(k), "may not add AppArmor annotations"));
            }
            if (k.equals(MIRROR)) {
                errs.add(FieldError.forbidden(ANNOTATIONS.key(k), "may not add mirror pod annotation"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(metadataAndSpec(obj));
        errs.addAll(annotationUpdates(obj, old));
        JsonNode spec = Fields.get(obj, "spec");
        JsonNode oldSpec = Fields.get(old, "spec");
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> now = Fields.list(spec, list);
            if (now.size() != Fields.list(oldSpec, list).size()) {
                errs.add(FieldError.forbidden(SPEC.child(list), "pod updates may not add or remove containers"));
                return errs;
            }
            for (int i = 0; i < now.size(); i++) {
                String image = Fields.str(now.get(i), "image");
                if (image.isEmpty()) {
                    errs.add(FieldError.required(SPEC.child(list).index(i).child("image"), ""));
                }
                if (image.length() != image.strip().length()) {
                    errs.add(FieldError.invalid(SPEC.child(list).index(i).child("image"), image,
                            "must not have leading or trailing whitespace"));
                }
            }
        }
        Long deadline = Fields.integer(spec, "activeDeadlineSeconds");
        Long oldDeadline = Fields.integer(oldSpec, "activeDeadlineSeconds");
        if (deadline != null) {
            if (deadline < 0 || deadline > Integer.MAX_VALUE) {
                errs.add(FieldError.invalid(SPEC.child("activeDeadlineSeconds"), deadline,
                        dev.tugboat.api.validation.Formats.inclusiveRangeError(0, Integer.MAX_VALUE)));
                return errs;
            }
            if (oldDeadline != null && oldDeadline < deadline) {
                errs.add(FieldError.invalid(SPEC.child("activeDeadlineSeconds"), deadline,
                        "must be less than or equal to previous value"));
                return errs;
            }
        } else if (oldDeadline != null) {
            errs.add(FieldError.invalid(SPEC.child("activeDeadlineSeconds"), null,
                    "must not update from a positive integer to nil value"));
        }
        errs.addAll(onlyAddedTolerations(Fields.list(spec, "tolerations"), Fields.list(oldSpec, "tolerations")));
        errs.addAll(onlyDeletedGates(Fields.list(spec, "schedulingGates"), Fields.list(oldSpec, "schedulingGates")));
        if (JsonEquality.equal(spec, oldSpec)) {
            return errs;
        }
        ObjectNode munged = spec.deepCopy();
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> now = Fields.objects(munged, list);
            List<JsonNode> before = Fields.list(oldSpec, list);
            for (int i = 0; i < now.size(); i++) {
                JsonNode oldImage = before.get(i).get("image");
                if (oldImage == null) {
                    now.get(i).remove("image");
                } else {
                    now.get(i).set("image", oldImage);
                }
            }
        }
        for (String f : List.of("activeDeadlineSeconds", "schedulingGates", "tolerations")) {
            copyField(oldSpec, munged, f);
        }
        Long oldGrace = Fields.integer(oldSpec, "terminationGracePeriodSeconds");
        Long grace = Fields.integer(munged, "terminationGracePeriodSeconds");
        if (oldGrace != null && oldGrace < 0 && grace != null && grace == 1) {
            copyField(oldSpec, munged, "terminationGracePeriodSeconds");
        }
        if (!Fields.list(oldSpec, "schedulingGates").isEmpty()) {
            errs.addAll(gatedPodMutations(munged, oldSpec));
        }
        if (!JsonEquality.equal(munged, oldSpec)) {
            errs.add(FieldError.forbidden(SPEC, UPDATE_FORBIDDEN + "\n" + SpecDiff.diff("core.PodSpec", oldSpec, munged)));
        }
        return errs;
    }

    private static void copyField(JsonNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v == null) {
            to.remove(field);
        } else {
            to.set(field, v.deepCopy());
        }
    }

    /** While scheduling gates remain, node selectors and required node affinity may only grow. */
    private static List<FieldError> gatedPodMutations(ObjectNode munged, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        Map<String, String> now = Fields.stringMap(munged, "nodeSelector");
        Map<String, String> before = Fields.stringMap(oldSpec, "nodeSelector");
        if (!now.equals(before)) {
            for (Map.Entry<String, String> e : before.entrySet()) {
                if (!e.getValue().equals(now.get(e.getKey()))) {
                    errs.add(FieldError.invalid(SPEC.child("nodeSelector"), Fields.get(munged, "nodeSelector"),
                            "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
                    break;
                }
            }
            copyField(oldSpec, munged, "nodeSelector");
        }
        JsonNode oldAffinity = Fields.get(Fields.get(oldSpec, "affinity"), "nodeAffinity");
        JsonNode newAffinity = Fields.get(Fields.get(munged, "affinity"), "nodeAffinity");
        if (!JsonEquality.equal(oldAffinity, newAffinity)) {
            FieldPath termsPath = SPEC.child("affinity").child("nodeAffinity")
                    .child("requiredDuringSchedulingIgnoredDuringExecution").child("nodeSelectorTerms");
            List<JsonNode> oldTerms = Fields.list(Fields.get(oldAffinity,
                    "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
            List<JsonNode> newTerms = Fields.list(Fields.get(newAffinity,
                    "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
            if (!oldTerms.isEmpty() && oldTerms.size() != newTerms.size()) {
                errs.add(FieldError.invalid(termsPath, Fields.get(Fields.get(newAffinity,
                        "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms"),
                        "no additions/deletions to non-empty NodeSelectorTerms list are allowed"));
            } else {
                for (int i = 0; i < oldTerms.size(); i++) {
                    if (!onlyAdditions(newTerms.get(i), oldTerms.get(i))) {
                        errs.add(FieldError.invalid(termsPath.index(i), newTerms.get(i),
                                "only additions are allowed (no mutations or deletions)"));
                    }
                }
            }
            ObjectNode affinity = Fields.object(munged, "affinity");
            if (oldAffinity.isMissingNode()) {
                affinity.remove("nodeAffinity");
                if (affinity.isEmpty() && !Fields.has(oldSpec, "affinity")) {
                    munged.remove("affinity");
                }
            } else {
                affinity.set("nodeAffinity", oldAffinity.deepCopy());
            }
        }
        return errs;
    }

    private static boolean onlyAdditions(JsonNode now, JsonNode before) {
        for (String f : List.of("matchExpressions", "matchFields")) {
            List<JsonNode> b = Fields.list(before, f);
            List<JsonNode> n = Fields.list(now, f);
            if (n.size() < b.size()) {
                return false;
            }
            for (int i = 0; i < b.size(); i++) {
                if (!JsonEquality.equal(n.get(i), b.get(i))) {
                    return false;
                }
            }
        }
        boolean wasEmpty = Fields.list(before, "matchExpressions").isEmpty() && Fields.list(before, "matchFields").isEmpty();
        boolean isEmpty = Fields.list(now, "matchExpressions").isEmpty() && Fields.list(now, "matchFields").isEmpty();
        return !wasEmpty || isEmpty;
    }

    private static List<FieldError> onlyAddedTolerations(List<JsonNode> now, List<JsonNode> before) {
        FieldPath path = SPEC.child("tolerations");
        for (JsonNode old : before) {
            boolean found = false;
            for (JsonNode t : now) {
                ObjectNode a = old.deepCopy();
                ObjectNode b = t.deepCopy();
                a.remove("tolerationSeconds");
                b.remove("tolerationSeconds");
                if (JsonEquality.equal(a, b)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return List.of(FieldError.forbidden(path, "existing toleration can not be modified except its tolerationSeconds"));
            }
        }
        return SchedulingValidation.tolerations(now, path);
    }

    private static List<FieldError> onlyDeletedGates(List<JsonNode> now, List<JsonNode> before) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> old = new HashSet<>();
        before.forEach(g -> old.add(Fields.str(g, "name")));
        for (int i = 0; i < now.size(); i++) {
            String name = Fields.str(now.get(i), "name");
            if (!old.contains(name)) {
                errs.add(FieldError.forbidden(SPEC.child("schedulingGates").index(i).child("name"),
                        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(annotationUpdates(obj, old));
        JsonNode status = Fields.get(obj, "status");
        JsonNode oldStatus = Fields.get(old, "status");
        List<JsonNode> conditions = Fields.list(status, "conditions");
        for (int i = 0; i < conditions.size(); i++) {
            String type = Fields.str(conditions.get(i), "type");
            if (!SYSTEM_CONDITIONS.contains(type)) {
                // Upstream reports these under metadata.conditions (sic).
                errs.addAll(ObjectMetaValidation.labelName(type,
                        FieldPath.of("metadata", "conditions").index(i).child("Type")));
            }
        }
        FieldPath sp = FieldPath.root("status");
        if (!Fields.str(Fields.get(obj, "spec"), "nodeName").equals(Fields.str(Fields.get(old, "spec"), "nodeName"))) {
            errs.add(FieldError.forbidden(sp.child("nodeName"), "may not be changed directly"));
        }
        String nominated = Fields.str(status, "nominatedNodeName");
        if (!nominated.isEmpty() && !nominated.equals(Fields.str(oldStatus, "nominatedNodeName"))) {
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(nominated, false)) {
                errs.add(FieldError.invalid(sp.child("nominatedNodeName"), nominated, m));
            }
        }
        if (!Fields.str(status, "qosClass").equals(Fields.str(oldStatus, "qosClass"))) {
            errs.add(FieldError.invalid(sp.child("qosClass"), Fields.str(status, "qosClass"),
                    ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        String restart = Fields.str(Fields.get(old, "spec"), "restartPolicy");
        errs.addAll(stateTransitions(Fields.list(status, "containerStatuses"), Fields.list(oldStatus, "containerStatuses"),
                sp.child("containerStatuses"), restart, Set.of()));
        Set<String> sidecars = new HashSet<>();
        for (JsonNode c : Fields.list(Fields.get(old, "spec"), "initContainers")) {
            if (Fields.str(c, "restartPolicy").equals("Always")) {
                sidecars.add(Fields.str(c, "name"));
            }
        }
        errs.addAll(stateTransitions(Fields.list(status, "initContainerStatuses"),
                Fields.list(oldStatus, "initContainerStatuses"), sp.child("initContainerStatuses"), restart, sidecars));
        errs.addAll(stateTransitions(Fields.list(status, "ephemeralContainerStatuses"),
                Fields.list(oldStatus, "ephemeralContainerStatuses"), sp.child("ephemeralContainerStatuses"), "Never",
                Set.of()));
        errs.addAll(ips(status, "podIPs", sp));
        List<JsonNode> hostIPs = Fields.list(status, "hostIPs");
        if (!hostIPs.isEmpty() && !Fields.str(status, "hostIP").equals(Fields.str(hostIPs.getFirst(), "ip"))) {
            errs.add(FieldError.invalid(sp.child("hostIPs").index(0).child("ip"), Fields.str(hostIPs.getFirst(), "ip"),
                    "must be equal to `hostIP`"));
        }
        errs.addAll(ips(status, "hostIPs", sp));
        return errs;
    }

    private static List<FieldError> stateTransitions(List<JsonNode> now, List<JsonNode> before, FieldPath path,
                                                     String restart, Set<String> restartable) {
        List<FieldError> errs = new ArrayList<>();
        if (restart.equals("Always")) {
            return errs;
        }
        for (int i = 0; i < before.size(); i++) {
            JsonNode old = before.get(i);
            JsonNode terminated = Fields.get(Fields.get(old, "state"), "terminated");
            if (!terminated.isObject()) {
                continue;
            }
            if (Fields.integer(terminated, "exitCode", 0) != 0 && restart.equals("OnFailure")) {
                continue;
            }
            String name = Fields.str(old, "name");
            if (restartable.contains(name)) {
                continue;
            }
            for (JsonNode n : now) {
                if (name.equals(Fields.str(n, "name")) && !Fields.has(Fields.get(n, "state"), "terminated")) {
                    errs.add(FieldError.forbidden(path.index(i).child("state"), "may not be transitioned to non-terminated state"));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> ips(JsonNode status, String field, FieldPath sp) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> ips = Fields.list(status, field);
        FieldPath path = sp.child(field);
        for (int i = 0; i < ips.size(); i++) {
            errs.addAll(IpAddresses.validateIp(path.index(i), Fields.str(ips.get(i), "ip")));
        }
        if (ips.size() > 1) {
            boolean v4 = false;
            boolean v6 = false;
            for (JsonNode ip : ips) {
                String s = Fields.str(ip, "ip");
                v4 |= IpAddresses.isIpv4(s);
                v6 |= IpAddresses.isIpv6(s);
            }
            if (!(v4 && v6) || ips.size() > 2) {
                errs.add(FieldError.invalid(path, Fields.get(status, field), "may specify no more than one IP for each IP family"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ips.size(); i++) {
                if (!seen.add(Fields.str(ips.get(i), "ip"))) {
                    errs.add(FieldError.duplicate(path.index(i), ips.get(i)));
                }
            }
        }
        return errs;
    }
}
