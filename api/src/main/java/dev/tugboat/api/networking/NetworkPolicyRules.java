package dev.tugboat.api.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.IpAddresses;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 NetworkPolicy. */
public final class NetworkPolicyRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        for (String direction : List.of("ingress", "egress")) {
            for (ObjectNode rule : Fields.objects(spec, direction)) {
                for (ObjectNode port : Fields.objects(rule, "ports")) {
                    Fields.defaultString(port, "protocol", "TCP");
                }
            }
        }
        if (Fields.list(spec, "policyTypes").isEmpty()) {
            var types = spec.putArray("policyTypes").add("Ingress");
            if (!Fields.list(spec, "egress").isEmpty()) {
                types.add("Egress");
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        errs.addAll(LabelSelectors.validate(Fields.get(spec, "podSelector"), SPEC.child("podSelector")));
        for (String direction : List.of("ingress", "egress")) {
            String peers = direction.equals("ingress") ? "from" : "to";
            List<JsonNode> rules = Fields.list(spec, direction);
            for (int i = 0; i < rules.size(); i++) {
                FieldPath rp = SPEC.child(direction).index(i);
                List<JsonNode> ports = Fields.list(rules.get(i), "ports");
                for (int j = 0; j < ports.size(); j++) {
                    errs.addAll(port(ports.get(j), rp.child("ports").index(j)));
                }
                List<JsonNode> list = Fields.list(rules.get(i), peers);
                for (int j = 0; j < list.size(); j++) {
                    errs.addAll(peer(list.get(j), rp.child(peers).index(j)));
                }
            }
        }
        List<String> types = Fields.strings(spec, "policyTypes");
        for (int i = 0; i < types.size(); i++) {
            if (!types.get(i).equals("Egress") && !types.get(i).equals("Ingress")) {
                errs.add(FieldError.notSupported(SPEC.child("policyTypes").index(i), types.get(i), List.of("Egress", "Ingress")));
            }
        }
        if (types.size() > 2) {
            errs.add(FieldError.invalid(SPEC.child("policyTypes"), Fields.get(spec, "policyTypes"),
                    "may not specify more than two policyTypes"));
        }
        return errs;
    }

    private static List<FieldError> port(JsonNode port, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String proto = Fields.str(port, "protocol");
        if (Fields.has(port, "protocol") && !PROTOCOLS.contains(proto)) {
            errs.add(FieldError.notSupported(p.child("protocol"), proto, PROTOCOLS));
        }
        JsonNode number = Fields.get(port, "port");
        if (number.isNumber()) {
            for (String m : Formats.portNumber(number.asLong())) {
                errs.add(FieldError.invalid(p.child("port"), number.asLong(), m));
            }
            Long end = Fields.integer(port, "endPort");
            if (end != null) {
                if (end < number.asLong()) {
                    errs.add(FieldError.invalid(p.child("endPort"), end, "must be greater than or equal to `port`"));
                }
                for (String m : Formats.portNumber(end)) {
                    errs.add(FieldError.invalid(p.child("endPort"), end, m));
                }
            }
        } else if (number.isTextual()) {
            if (Fields.has(port, "endPort")) {
                errs.add(FieldError.invalid(p.child("endPort"), Fields.integer(port, "endPort"),
                        "may not be specified when `port` is non-numeric"));
            }
            for (String m : Formats.portName(number.textValue())) {
                errs.add(FieldError.invalid(p.child("port"), number.textValue(), m));
            }
        } else if (Fields.has(port, "endPort")) {
            errs.add(FieldError.invalid(p.child("endPort"), Fields.integer(port, "endPort"),
                    "may not be specified when `port` is not specified"));
        }
        return errs;
    }

    private static List<FieldError> peer(JsonNode peer, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        int n = 0;
        if (Fields.has(peer, "podSelector")) {
            n++;
            errs.addAll(LabelSelectors.validate(Fields.get(peer, "podSelector"), p.child("podSelector")));
        }
        if (Fields.has(peer, "namespaceSelector")) {
            n++;
            errs.addAll(LabelSelectors.validate(Fields.get(peer, "namespaceSelector"), p.child("namespaceSelector")));
        }
        if (Fields.has(peer, "ipBlock")) {
            n++;
            errs.addAll(ipBlock(Fields.get(peer, "ipBlock"), p.child("ipBlock")));
        }
        if (n == 0) {
            errs.add(FieldError.required(p, "must specify a peer"));
        } else if (Fields.has(peer, "ipBlock") && n > 1) {
            errs.add(FieldError.forbidden(p, "may not specify both ipBlock and another peer"));
        }
        return errs;
    }

    private static List<FieldError> ipBlock(JsonNode block, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String cidr = Fields.str(block, "cidr");
        if (cidr.isEmpty()) {
            errs.add(FieldError.required(p.child("cidr"), ""));
            return errs;
        }
        List<FieldError> cidrErrs = IpAddresses.validateCidr(p.child("cidr"), cidr);
        errs.addAll(cidrErrs);
        List<String> except = Fields.strings(block, "except");
        for (int i = 0; i < except.size(); i++) {
            errs.addAll(IpAddresses.validateCidr(p.child("except").index(i), except.get(i)));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        return errs;
    }
}
