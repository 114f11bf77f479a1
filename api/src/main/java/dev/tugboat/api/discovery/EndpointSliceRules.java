package dev.tugboat.api.discovery;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** discovery.k8s.io/v1 EndpointSlice. */
public final class EndpointSliceRules implements KindRules {

    private static final int MAX_ENDPOINTS = 1000;
    private static final int MAX_ADDRESSES = 100;
    private static final int MAX_PORTS = 20_000;
    private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode port : Fields.objects(obj, "ports")) {
            Fields.defaultString(port, "protocol", "TCP");
            if (!Fields.has(port, "name")) {
                port.put("name", "");
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        String type = Fields.str(obj, "addressType");
        if (type.isEmpty()) {
            errs.add(FieldError.required(FieldPath.root("addressType"), ""));
        } else if (!ADDRESS_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(FieldPath.root("addressType"), type, ADDRESS_TYPES));
        }
        errs.addAll(endpoints(Fields.list(obj, "endpoints"), type));
        errs.addAll(ports(Fields.list(obj, "ports")));
        return errs;
    }

    private static List<FieldError> endpoints(List<JsonNode> endpoints, String type) {
        List<FieldError> errs = new ArrayList<>();
        FieldPath path = FieldPath.root("endpoints");
        if (endpoints.size() > MAX_ENDPOINTS) {
            errs.add(FieldError.tooMany(path, endpoints.size(), MAX_ENDPOINTS));
            return errs;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            JsonNode e = endpoints.get(i);
            FieldPath p = path.index(i);
            List<String> addresses = Fields.strings(e, "addresses");
            FieldPath ap = p.child("addresses");
            if (addresses.isEmpty()) {
                errs.add(FieldError.required(ap, "must contain at least 1 address"));
            } else if (addresses.size() > MAX_ADDRESSES) {
                errs.add(FieldError.tooMany(ap, addresses.size(), MAX_ADDRESSES));
            }
            for (int a = 0; a < addresses.size(); a++) {
                String address = addresses.get(a);
                FieldPath one = ap.index(a);
                switch (type) {
                    case "IPv4" -> {
                        if (!IpAddresses.isIpv4(address) || address.contains(":")) {
                            errs.add(FieldError.invalid(one, address, "must be a valid IPv4 address"));
                        } else {
                            errs.addAll(IpAddresses.validateNonSpecial(one, address));
                        }
                    }
                    case "IPv6" -> {
                        if (!IpAddresses.isIpv6(address)) {
                            errs.add(FieldError.invalid(one, address, "must be a valid IPv6 address"));
                        } else {
                            errs.addAll(IpAddresses.validateNonSpecial(one, address));
                        }
                    }
                    case "FQDN" -> {
                        for (String m : Formats.dns1123Subdomain(address)) {
                            errs.add(FieldError.invalid(one, address, m));
                        }
                    }
                    default -> { }
                }
            }
            String hostname = Fields.str(e, "hostname");
            if (Fields.has(e, "hostname")) {
                for (String m : Formats.dns1123Label(hostname)) {
                    errs.add(FieldError.invalid(p.child("hostname"), hostname, m));
                }
            }
            if (Fields.has(e, "nodeName")) {
                String node = Fields.str(e, "nodeName");
                for (String m : NameRule.DNS1123_SUBDOMAIN.check(node, false)) {
                    errs.add(FieldError.invalid(p.child("nodeName"), node, m));
                }
            }
            errs.addAll(ObjectMetaValidation.labels(Fields.get(e, "deprecatedTopology"), p.child("deprecatedTopology")));
        }
        return errs;
    }

    private static List<FieldError> ports(List<JsonNode> ports) {
        List<FieldError> errs = new ArrayList<>();
        FieldPath path = FieldPath.root("ports");
        if (ports.size() > MAX_PORTS) {
            errs.add(FieldError.tooMany(path, ports.size(), MAX_PORTS));
            return errs;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            FieldPath p = path.index(i);
            String name = Fields.str(port, "name");
            if (!name.isEmpty()) {
                for (String m : Formats.dns1123Label(name)) {
                    errs.add(FieldError.invalid(p.child("name"), name, m));
                }
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(p.child("name"), name));
            }
            if (Fields.has(port, "port")) {
                long number = Fields.integer(port, "port", 0);
                for (String m : Formats.portNumber(number)) {
                    errs.add(FieldError.invalid(p.child("port"), number, m));
                }
            }
            String proto = Fields.str(port, "protocol");
            if (!PROTOCOLS.contains(proto)) {
                errs.add(FieldError.notSupported(p.child("protocol"), proto, PROTOCOLS));
            }
            if (Fields.has(port, "appProtocol")) {
                errs.addAll(ObjectMetaValidation.labelName(Fields.str(port, "appProtocol"), p.child("appProtocol")));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(obj, "addressType"), Fields.get(old, "addressType"),
                FieldPath.root("addressType")));
        return errs;
    }
}
