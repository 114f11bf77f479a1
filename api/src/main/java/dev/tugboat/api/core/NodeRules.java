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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** core/v1 Node (cluster-scoped). The same rules apply to the main resource and to {@code /status}. */
public final class NodeRules implements KindRules {

    private static final FieldPath POD_CIDRS = FieldPath.of("spec", "podCIDRs");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode status = Fields.objectOrNull(obj, "status");
        if (status == null) {
            return;
        }
        ResourceLists.defaultList(status, "capacity");
        ResourceLists.defaultList(status, "allocatable");
        if (!Fields.has(status, "allocatable") && Fields.has(status, "capacity")) {
            status.set("allocatable", status.get("capacity").deepCopy());
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        // Upstream reports spec taints under metadata.taints.
        errs.addAll(SchedulingValidation.taints(Fields.list(spec, "taints"), FieldPath.of("metadata", "taints")));
        errs.addAll(resources(obj));
        List<String> cidrs = Fields.strings(spec, "podCIDRs");
        for (int i = 0; i < cidrs.size(); i++) {
            errs.addAll(IpAddresses.validateCidr(POD_CIDRS.index(i), cidrs.get(i)));
        }
        if (cidrs.size() > 1) {
            boolean dual = cidrs.size() == 2 && cidrs.get(0).contains(":") != cidrs.get(1).contains(":");
            if (!dual) {
                errs.add(FieldError.invalid(POD_CIDRS, Fields.get(spec, "podCIDRs"),
                        "may specify no more than one CIDR for each IP family"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < cidrs.size(); i++) {
                if (!seen.add(cidrs.get(i))) {
                    errs.add(FieldError.duplicate(POD_CIDRS.index(i), cidrs.get(i)));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> resources(JsonNode node) {
        List<FieldError> errs = new ArrayList<>();
        for (String list : List.of("capacity", "allocatable")) {
            for (Map.Entry<String, JsonNode> e : Fields.entries(Fields.get(node, "status"), list)) {
                errs.addAll(Resources.quantityValue(e.getKey(), e.getValue(), FieldPath.of("status", list, e.getKey())));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validateUpdate(obj, old));
        errs.addAll(resources(obj));
        List<JsonNode> addresses = Fields.list(Fields.get(obj, "status"), "addresses");
        List<JsonNode> seen = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            JsonNode a = addresses.get(i);
            if (seen.stream().anyMatch(s -> JsonEquality.equal(s, a))) {
                errs.add(FieldError.duplicate(FieldPath.of("status", "addresses").index(i), a));
            }
            seen.add(a);
        }
        JsonNode spec = Fields.get(obj, "spec");
        JsonNode oldSpec = Fields.get(old, "spec");
        List<String> oldCidrs = Fields.strings(oldSpec, "podCIDRs");
        List<String> cidrs = Fields.strings(spec, "podCIDRs");
        String cidrMessage = "node updates may not change podCIDR except from \"\" to valid";
        if (!oldCidrs.isEmpty()) {
            if (oldCidrs.size() != cidrs.size()) {
                errs.add(FieldError.forbidden(POD_CIDRS, cidrMessage));
            } else {
                for (int i = 0; i < oldCidrs.size(); i++) {
                    if (!oldCidrs.get(i).equals(cidrs.get(i))) {
                        errs.add(FieldError.forbidden(POD_CIDRS, cidrMessage));
                    }
                }
            }
        }
        String oldProvider = Fields.str(oldSpec, "providerID");
        if (!oldProvider.isEmpty() && !oldProvider.equals(Fields.str(spec, "providerID"))) {
            errs.add(FieldError.forbidden(FieldPath.of("spec", "providerID"),
                    "node updates may not change providerID except from \"\" to valid"));
        }
        errs.addAll(SchedulingValidation.taints(Fields.list(spec, "taints"), FieldPath.of("metadata", "taints")));
        if (!Fields.str(spec, "externalID").equals(Fields.str(oldSpec, "externalID"))) {
            errs.add(FieldError.forbidden(FieldPath.of("spec", "externalID"), "may not be updated"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        return validateUpdate(obj, old);
    }
}
