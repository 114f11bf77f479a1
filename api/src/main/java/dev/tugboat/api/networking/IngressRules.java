package dev.tugboat.api.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.IpAddresses;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 Ingress. */
public final class IngressRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
    private static final List<String> INVALID_PATH_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_PATH_SUFFIXES = List.of("/..", "/.");

    @Override
    public void applyDefaults(ObjectNode obj) {
        // networking.k8s.io/v1 Ingress has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(obj));
        return errs;
    }

    private static List<FieldError> spec(JsonNode ingress) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = Fields.get(ingress, "spec");
        List<JsonNode> rules = Fields.list(spec, "rules");
        if (rules.isEmpty() && !Fields.has(spec, "defaultBackend")) {
            errs.add(FieldError.invalid(SPEC, Fields.get(spec, "rules").isMissingNode() ? null : Fields.get(spec, "rules"),
                    "either `defaultBackend` or `rules` must be specified"));
        }
        if (Fields.has(spec, "defaultBackend")) {
            errs.addAll(backend(Fields.get(spec, "defaultBackend"), SPEC.child("defaultBackend")));
        }
        for (int i = 0; i < rules.size(); i++) {
            errs.addAll(rule(rules.get(i), SPEC.child("rules").index(i)));
        }
        List<JsonNode> tls = Fields.list(spec, "tls");
        for (int i = 0; i < tls.size(); i++) {
            FieldPath tp = SPEC.child("tls").index(i);
            List<String> hosts = Fields.strings(tls.get(i), "hosts");
            for (int j = 0; j < hosts.size(); j++) {
                errs.addAll(host(hosts.get(j), tp.child("hosts").index(j)));
            }
            String secret = Fields.str(tls.get(i), "secretName");
            if (!secret.isEmpty()) {
                for (String m : NameRule.DNS1123_SUBDOMAIN.check(secret, false)) {
                    errs.add(FieldError.invalid(tp.child("secretName"), secret, m));
                }
            }
        }
        if (Fields.has(spec, "ingressClassName")) {
            String cls = Fields.str(spec, "ingressClassName");
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(cls, false)) {
                errs.add(FieldError.invalid(SPEC.child("ingressClassName"), cls, m));
            }
            if (Meta.annotations(ingress).containsKey("kubernetes.io/ingress.class")) {
                errs.add(FieldError.invalid(SPEC.child("ingressClassName"), cls, "can not be set when the class field is also set"));
            }
        }
        return errs;
    }

    private static List<FieldError> host(String host, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        List<String> msgs = host.contains("*") ? Formats.wildcardDns1123Subdomain(host) : Formats.dns1123Subdomain(host);
        for (String m : msgs) {
            errs.add(FieldError.invalid(p, host, m));
        }
        return errs;
    }

    private static List<FieldError> rule(JsonNode rule, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String host = Fields.str(rule, "host");
        if (!host.isEmpty()) {
            if (IpAddresses.isIp(host)) {
                errs.add(FieldError.invalid(p.child("host"), host, "must be a DNS name, not an IP address"));
            }
            errs.addAll(host(host, p.child("host")));
        }
        JsonNode http = Fields.get(rule, "http");
        if (!http.isObject()) {
            return errs;
        }
        FieldPath hp = p.child("http");
        List<JsonNode> paths = Fields.list(http, "paths");
        if (paths.isEmpty()) {
            errs.add(FieldError.required(hp.child("paths"), ""));
        }
        for (int i = 0; i < paths.size(); i++) {
            errs.addAll(path(paths.get(i), hp.child("paths").index(i)));
        }
        return errs;
    }

    private static List<FieldError> path(JsonNode path, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String value = Fields.str(path, "path");
        if (!Fields.has(path, "pathType")) {
            errs.add(FieldError.required(p.child("pathType"), "pathType must be specified"));
        } else {
            String type = Fields.str(path, "pathType");
            switch (type) {
                case "Exact", "Prefix" -> {
                    if (!value.startsWith("/")) {
                        errs.add(FieldError.invalid(p.child("path"), value, "must be an absolute path"));
                    }
                    for (String seq : INVALID_PATH_SEQUENCES) {
                        if (value.contains(seq)) {
                            errs.add(FieldError.invalid(p.child("path"), value, "must not contain '" + seq + "'"));
                        }
                    }
                    for (String suffix : INVALID_PATH_SUFFIXES) {
                        if (value.endsWith(suffix)) {
                            errs.add(FieldError.invalid(p.child("path"), value, "cannot end with '" + suffix + "'"));
                        }
                    }
                }
                case "ImplementationSpecific" -> {
                    if (!value.isEmpty() && !value.startsWith("/")) {
                        errs.add(FieldError.invalid(p.child("path"), value, "must be an absolute path"));
                    }
                }
                default -> errs.add(FieldError.notSupported(p.child("pathType"), type, PATH_TYPES));
            }
        }
        errs.addAll(backend(Fields.get(path, "backend"), p.child("backend")));
        return errs;
    }

    static List<FieldError> backend(JsonNode backend, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        boolean resource = Fields.has(backend, "resource");
        boolean service = Fields.has(backend, "service");
        if (resource && service) {
            return List.of(FieldError.invalid(p, "", "cannot set both resource and service backends"));
        }
        if (resource) {
            JsonNode r = Fields.get(backend, "resource");
            FieldPath rp = p.child("resource");
            if (Fields.str(r, "kind").isEmpty()) {
                errs.add(FieldError.required(rp.child("kind"), ""));
            }
            if (Fields.str(r, "name").isEmpty()) {
                errs.add(FieldError.required(rp.child("name"), ""));
            }
            return errs;
        }
        if (!service) {
            return List.of(FieldError.invalid(p, "", "resource or service backend is required"));
        }
        JsonNode svc = Fields.get(backend, "service");
        String name = Fields.str(svc, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(p.child("service").child("name"), ""));
        } else {
            for (String m : NameRule.DNS1035_LABEL.check(name, false)) {
                errs.add(FieldError.invalid(p.child("service").child("name"), name, m));
            }
        }
        JsonNode port = Fields.get(svc, "port");
        String portName = Fields.str(port, "name");
        long number = Fields.integer(port, "number", 0);
        if (!portName.isEmpty() && number != 0) {
            errs.add(FieldError.invalid(p, "", "cannot set both port name & port number"));
        } else if (!portName.isEmpty()) {
            for (String m : Formats.portName(portName)) {
                errs.add(FieldError.invalid(p.child("service").child("port").child("name"), portName, m));
            }
        } else if (number != 0) {
            for (String m : Formats.portNumber(number)) {
                errs.add(FieldError.invalid(p.child("service").child("port").child("number"), number, m));
            }
        } else {
            errs.add(FieldError.required(p, "port name or number is required"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(spec(obj));
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        List<JsonNode> ingress = Fields.list(Fields.get(Fields.get(obj, "status"), "loadBalancer"), "ingress");
        for (int i = 0; i < ingress.size(); i++) {
            FieldPath p = FieldPath.of("status", "loadBalancer", "ingress").index(i);
            String ip = Fields.str(ingress.get(i), "ip");
            if (!ip.isEmpty()) {
                errs.addAll(IpAddresses.validateIp(p.child("ip"), ip));
            }
            String hostname = Fields.str(ingress.get(i), "hostname");
            if (!hostname.isEmpty()) {
                for (String m : Formats.dns1123Subdomain(hostname)) {
                    errs.add(FieldError.invalid(p.child("hostname"), hostname, m));
                }
                if (IpAddresses.isIp(hostname)) {
                    errs.add(FieldError.invalid(p.child("hostname"), hostname, "must be a DNS name, not an IP address"));
                }
            }
        }
        return errs;
    }
}
