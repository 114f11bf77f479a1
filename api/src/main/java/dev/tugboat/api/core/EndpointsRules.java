package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.IpAddresses;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** core/v1 Endpoints. */
public final class EndpointsRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode subset : Fields.objects(obj, "subsets")) {
            for (ObjectNode port : Fields.objects(subset, "ports")) {
                Fields.defaultString(port, "protocol", "TCP");
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        List<JsonNode> subsets = Fields.list(obj, "subsets");
        for (int i = 0; i < subsets.size(); i++) {
            JsonNode ss = subsets.get(i);
            FieldPath p = FieldPath.root("subsets").index(i);
            if (Fields.list(ss, "addresses").isEmpty() && Fields.list(ss, "notReadyAddresses").isEmpty()) {
                errs.add(FieldError.required(p, "must specify `addresses` or `notReadyAddresses`"));
            }
            for (String list : List.of("addresses", "notReadyAddresses")) {
                List<JsonNode> addrs = Fields.list(ss, list);
                for (int a = 0; a < addrs.size(); a++) {
                    errs.addAll(address(addrs.get(a), p.child(list).index(a)));
                }
            }
            List<JsonNode> ports = Fields.list(ss, "ports");
            for (int j = 0; j < ports.size(); j++) {
                errs.addAll(port(ports.get(j), ports.size() > 1, p.child("ports").index(j)));
            }
        }
        return errs;
    }

    private static List<FieldError> address(JsonNode a, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String ip = Fields.str(a, "ip");
        errs.addAll(IpAddresses.validateIp(p.child("ip"), ip));
        String hostname = Fields.str(a, "hostname");
        if (!hostname.isEmpty()) {
            for (String m : Formats.dns1123Label(hostname)) {
                errs.add(FieldError.invalid(p.child("hostname"), hostname, m));
            }
        }
        if (Fields.has(a, "nodeName")) {
            String node = Fields.str(a, "nodeName");
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(node, false)) {
                errs.add(FieldError.invalid(p.child("nodeName"), node, m));
            }
        }
        errs.addAll(IpAddresses.validateNonSpecial(p.child("ip"), ip));
        return errs;
    }

    /** An Endpoints or EndpointSlice port. */
    static List<FieldError> port(JsonNode port, boolean requireName, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String name = Fields.str(port, "name");
        if (requireName && name.isEmpty()) {
            errs.add(FieldError.required(p.child("name"), ""));
        } else if (!name.isEmpty()) {
            for (String m : Formats.dns1123Label(name)) {
                errs.add(FieldError.invalid(p.child("name"), name, m));
            }
        }
        long number = Fields.integer(port, "port", 0);
        for (String m : Formats.portNumber(number)) {
            errs.add(FieldError.invalid(p.child("port"), number, m));
        }
        String proto = Fields.str(port, "protocol");
        if (proto.isEmpty()) {
            errs.add(FieldError.required(p.child("protocol"), ""));
        } else if (!ContainerValidation.PROTOCOLS.contains(proto)) {
            errs.add(FieldError.notSupported(p.child("protocol"), proto, ContainerValidation.PROTOCOLS));
        }
        if (Fields.has(port, "appProtocol")) {
            errs.addAll(ObjectMetaValidation.labelName(Fields.str(port, "appProtocol"), p.child("appProtocol")));
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
