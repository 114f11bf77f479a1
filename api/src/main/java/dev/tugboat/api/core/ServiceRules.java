package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Bare;
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

/**
 * core/v1 Service. Cluster IP and node port allocation are the registry's; validation assumes they
 * have happened ({@code clusterIPs[0] == clusterIP}).
 */
public final class ServiceRules implements KindRules {

    private static final MetaRules META = new MetaRules(true, NameRule.DNS1035_LABEL);
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final int MAX_AFFINITY_SECONDS = 86400;

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultString(spec, "sessionAffinity", "None");
        String affinity = Fields.str(spec, "sessionAffinity");
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP")) {
            JsonNode timeout = Fields.get(Fields.get(Fields.get(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds");
            if (timeout.isMissingNode() || timeout.isNull()) {
                spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
            }
        }
        Fields.defaultString(spec, "type", "ClusterIP");
        for (ObjectNode port : Fields.objects(spec, "ports")) {
            Fields.defaultString(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            boolean unset = target == null || target.isNull() || target.isNumber() && target.asLong() == 0
                    || target.isTextual() && target.textValue().isEmpty();
            if (unset) {
                port.set("targetPort", port.get("port") == null ? port.numberNode(0) : port.get("port"));
            }
        }
        String type = Fields.str(spec, "type");
        if (externallyAccessible(spec)) {
            Fields.defaultString(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
            Fields.defaultString(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Fields.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
            for (ObjectNode ingress : Fields.objects(Fields.get(Fields.get(obj, "status"), "loadBalancer"), "ingress")) {
                if (!Fields.str(ingress, "ip").isEmpty() && !Fields.has(ingress, "ipMode")) {
                    ingress.put("ipMode", "VIP");
                }
            }
        }
    }

    private static boolean externallyAccessible(JsonNode spec) {
        String type = Fields.str(spec, "type");
        return type.equals("LoadBalancer") || type.equals("NodePort")
                || type.equals("ClusterIP") && !Fields.list(spec, "externalIPs").isEmpty();
    }

    private static boolean needsHealthCheck(JsonNode spec) {
        return Fields.str(spec, "type").equals("LoadBalancer") && Fields.str(spec, "externalTrafficPolicy").equals("Local");
    }

    private static boolean headless(JsonNode spec) {
        List<String> ips = Fields.strings(spec, "clusterIPs");
        return ips.size() == 1 && ips.getFirst().equals("None");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(META.validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        String type = Fields.str(spec, "type");
        List<JsonNode> ports = Fields.list(spec, "ports");
        if (ports.isEmpty() && !headless(spec) && !type.equals("ExternalName")) {
            errs.add(FieldError.required(SPEC.child("ports"), ""));
        }
        switch (type) {
            case "LoadBalancer", "NodePort" -> {
                if (headless(spec)) {
                    errs.add(FieldError.invalid(SPEC.child("clusterIPs").index(0), "None",
                            "may not be set to 'None' for " + type + " services"));
                }
            }
            case "ExternalName" -> {
                if (!Fields.list(spec, "clusterIPs").isEmpty()) {
                    errs.add(FieldError.forbidden(SPEC.child("clusterIPs"), "may not be set for ExternalName services"));
                }
                if (!Fields.list(spec, "ipFamilies").isEmpty()) {
                    errs.add(FieldError.forbidden(SPEC.child("ipFamilies"), "may not be set for ExternalName services"));
                }
                if (Fields.has(spec, "ipFamilyPolicy")) {
                    errs.add(FieldError.forbidden(SPEC.child("ipFamilyPolicy"), "may not be set for ExternalName services"));
                }
                String cname = Fields.str(spec, "externalName");
                cname = cname.endsWith(".") ? cname.substring(0, cname.length() - 1) : cname;
                if (cname.isEmpty()) {
                    errs.add(FieldError.required(SPEC.child("externalName"), ""));
                } else {
                    for (String m : Formats.dns1123Subdomain(cname)) {
                        errs.add(FieldError.invalid(SPEC.child("externalName"), cname, m));
                    }
                }
            }
            default -> { }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            errs.addAll(port(ports.get(i), ports.size() > 1, names, SPEC.child("ports").index(i)));
        }
        errs.addAll(ObjectMetaValidation.labels(Fields.get(spec, "selector"), SPEC.child("selector")));
        String affinity = Fields.str(spec, "sessionAffinity");
        if (affinity.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("sessionAffinity"), ""));
        } else if (!AFFINITIES.contains(affinity)) {
            errs.add(FieldError.notSupported(SPEC.child("sessionAffinity"), affinity, AFFINITIES));
        }
        errs.addAll(affinityConfig(spec, affinity));
        errs.addAll(clusterIPs(spec));
        List<String> externalIPs = Fields.strings(spec, "externalIPs");
        for (int i = 0; i < externalIPs.size(); i++) {
            FieldPath p = SPEC.child("externalIPs").index(i);
            List<FieldError> ipErrs = IpAddresses.validateIp(p, externalIPs.get(i));
            errs.addAll(ipErrs.isEmpty() ? IpAddresses.validateNonSpecial(p, externalIPs.get(i)) : ipErrs);
        }
        if (type.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("type"), ""));
        } else if (!TYPES.contains(type)) {
            errs.add(FieldError.notSupported(SPEC.child("type"), type, TYPES));
        }
        errs.addAll(nodePorts(spec, type, ports));
        errs.addAll(sourceRanges(obj, spec, type));
        if (Fields.has(spec, "allocateLoadBalancerNodePorts") && !type.equals("LoadBalancer")) {
            errs.add(FieldError.forbidden(SPEC.child("allocateLoadBalancerNodePorts"),
                    "may only be used when `type` is 'LoadBalancer'"));
        }
        if (type.equals("LoadBalancer") && !Fields.has(spec, "allocateLoadBalancerNodePorts")) {
            // Upstream reports this one without the spec prefix.
            errs.add(FieldError.required(FieldPath.root("allocateLoadBalancerNodePorts"), ""));
        }
        errs.addAll(loadBalancerClass(spec, null));
        errs.addAll(trafficPolicies(spec, type));
        return errs;
    }

    private static List<FieldError> port(JsonNode sp, boolean requireName, Set<String> names, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String name = Fields.str(sp, "name");
        if (requireName && name.isEmpty()) {
            errs.add(FieldError.required(p.child("name"), ""));
        } else if (!name.isEmpty()) {
            for (String m : Formats.dns1123Label(name)) {
                errs.add(FieldError.invalid(p.child("name"), name, m));
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(p.child("name"), name));
            }
        }
        long port = Fields.integer(sp, "port", 0);
        for (String m : Formats.portNumber(port)) {
            errs.add(FieldError.invalid(p.child("port"), port, m));
        }
        String proto = Fields.str(sp, "protocol");
        if (proto.isEmpty()) {
            errs.add(FieldError.required(p.child("protocol"), ""));
        } else if (!ContainerValidation.PROTOCOLS.contains(proto)) {
            errs.add(FieldError.notSupported(p.child("protocol"), proto, ContainerValidation.PROTOCOLS));
        }
        errs.addAll(ContainerValidation.portNumOrName(Fields.get(sp, "targetPort"), p.child("targetPort")));
        if (Fields.has(sp, "appProtocol")) {
            errs.addAll(ObjectMetaValidation.labelName(Fields.str(sp, "appProtocol"), p.child("appProtocol")));
        }
        return errs;
    }

    private static List<FieldError> affinityConfig(JsonNode spec, String affinity) {
        FieldPath p = SPEC.child("sessionAffinityConfig");
        JsonNode config = Fields.get(spec, "sessionAffinityConfig");
        if (affinity.equals("ClientIP")) {
            if (!config.isObject()) {
                return List.of(FieldError.required(p, "when session affinity type is ClientIP"));
            }
            JsonNode clientIP = Fields.get(config, "clientIP");
            if (!clientIP.isObject()) {
                return List.of(FieldError.required(p.child("clientIP"), "when session affinity type is ClientIP"));
            }
            Long timeout = Fields.integer(clientIP, "timeoutSeconds");
            if (timeout == null) {
                return List.of(FieldError.required(p.child("clientIP").child("timeoutSeconds"),
                        "when session affinity type is ClientIP"));
            }
            if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS) {
                return List.of(FieldError.invalid(p.child("clientIP").child("timeoutSeconds"), timeout,
                        "must be greater than 0 and less than " + MAX_AFFINITY_SECONDS));
            }
        } else if (affinity.equals("None") && config.isObject()) {
            return List.of(FieldError.forbidden(p, "must not be set when session affinity is None"));
        }
        return List.of();
    }

    private static List<FieldError> clusterIPs(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        if (Fields.str(spec, "type").equals("ExternalName")) {
            return errs;
        }
        FieldPath ipsPath = SPEC.child("clusterIPs");
        String clusterIP = Fields.str(spec, "clusterIP");
        List<String> ips = Fields.strings(spec, "clusterIPs");
        Bare ipsValue = new Bare(ObjectMetaValidation.goStringSlice(ips));
        if (!clusterIP.isEmpty()) {
            if (ips.isEmpty()) {
                errs.add(FieldError.required(ipsPath, ""));
            } else if (!ips.getFirst().equals(clusterIP)) {
                errs.add(FieldError.invalid(ipsPath, ipsValue, "first value must match `clusterIP`"));
            }
        } else if (!ips.isEmpty()) {
            errs.add(FieldError.invalid(ipsPath, ipsValue, "must be empty when `clusterIP` is not specified"));
        }
        List<String> families = Fields.strings(spec, "ipFamilies");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i);
            if (!f.equals("IPv4") && !f.equals("IPv6")) {
                errs.add(FieldError.notSupported(SPEC.child("ipFamilies").index(i), f, List.of("IPv4", "IPv6")));
            }
            if (!seen.add(f)) {
                errs.add(FieldError.duplicate(SPEC.child("ipFamilies").index(i), f));
            }
        }
        if (Fields.has(spec, "ipFamilyPolicy")) {
            String policy = Fields.str(spec, "ipFamilyPolicy");
            List<String> supported = List.of("PreferDualStack", "RequireDualStack", "SingleStack");
            if (!supported.contains(policy)) {
                errs.add(FieldError.notSupported(SPEC.child("ipFamilyPolicy"), policy, supported));
            }
        }
        boolean invalid = false;
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i);
            if (i == 0 && ip.equals("None")) {
                if (ips.size() > 1) {
                    invalid = true;
                    errs.add(FieldError.invalid(ipsPath, ipsValue, "'None' must be the first and only value"));
                }
                continue;
            }
            List<FieldError> ipErrs = IpAddresses.validateIp(ipsPath.index(i), ip);
            invalid |= !ipErrs.isEmpty();
            errs.addAll(ipErrs);
        }
        if (ips.size() > 2) {
            errs.add(FieldError.invalid(ipsPath, ipsValue, "may only hold up to 2 values"));
        }
        if (invalid) {
            return errs;
        }
        if (ips.size() > 1 && IpAddresses.isIpv6(ips.get(0)) == IpAddresses.isIpv6(ips.get(1))) {
            errs.add(FieldError.invalid(ipsPath, ipsValue, "may specify no more than one IP for each IP family"));
        }
        if (!headless(spec) && !ips.isEmpty() && !families.isEmpty()) {
            for (int i = 0; i < ips.size() && i < families.size(); i++) {
                boolean v6 = IpAddresses.isIpv6(ips.get(i));
                if (families.get(i).equals("IPv4") && v6) {
                    errs.add(FieldError.invalid(ipsPath.index(i), ips.get(i),
                            "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`"));
                }
                if (families.get(i).equals("IPv6") && !v6) {
                    errs.add(FieldError.invalid(ipsPath.index(i), ips.get(i),
                            "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`"));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> nodePorts(JsonNode spec, String type, List<JsonNode> ports) {
        List<FieldError> errs = new ArrayList<>();
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (Fields.integer(ports.get(i), "nodePort", 0) != 0) {
                    errs.add(FieldError.forbidden(SPEC.child("ports").index(i).child("nodePort"),
                            "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        Set<String> nodePorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            long np = Fields.integer(ports.get(i), "nodePort", 0);
            if (np != 0 && !nodePorts.add(Fields.str(ports.get(i), "protocol") + "/" + np)) {
                errs.add(FieldError.duplicate(SPEC.child("ports").index(i).child("nodePort"), np));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            String proto = Fields.str(ports.get(i), "protocol");
            long port = Fields.integer(ports.get(i), "port", 0);
            if (!seen.add(proto + "/" + port)) {
                ObjectNode key = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                key.put("protocol", proto).put("port", port);
                errs.add(FieldError.duplicate(SPEC.child("ports").index(i), key));
            }
        }
        return errs;
    }

    private static List<FieldError> sourceRanges(JsonNode obj, JsonNode spec, String type) {
        List<FieldError> errs = new ArrayList<>();
        List<String> ranges = Fields.strings(spec, "loadBalancerSourceRanges");
        String annotation = dev.tugboat.api.meta.Meta.annotations(obj).get("service.beta.kubernetes.io/load-balancer-source-ranges");
        if (!ranges.isEmpty()) {
            FieldPath p = SPEC.child("LoadBalancerSourceRanges");
            if (!type.equals("LoadBalancer")) {
                errs.add(FieldError.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
            }
            for (int i = 0; i < ranges.size(); i++) {
                errs.addAll(IpAddresses.validateCidr(p.index(i), ranges.get(i).strip()));
            }
        } else if (annotation != null) {
            FieldPath p = FieldPath.of("metadata", "annotations").key("service.beta.kubernetes.io/load-balancer-source-ranges");
            if (!type.equals("LoadBalancer")) {
                errs.add(FieldError.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
            }
            String val = annotation.strip();
            if (!val.isEmpty()) {
                for (String cidr : val.split(",")) {
                    errs.addAll(IpAddresses.validateCidr(p, cidr.strip()));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> loadBalancerClass(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        boolean lb = Fields.str(spec, "type").equals("LoadBalancer");
        FieldPath p = SPEC.child("loadBalancerClass");
        if (oldSpec != null && lb && Fields.str(oldSpec, "type").equals("LoadBalancer")
                && !Fields.get(spec, "loadBalancerClass").equals(Fields.get(oldSpec, "loadBalancerClass"))) {
            errs.add(FieldError.invalid(p, Fields.has(spec, "loadBalancerClass") ? Fields.str(spec, "loadBalancerClass") : null,
                    "may not change once set"));
        }
        if (lb) {
            if (Fields.has(spec, "loadBalancerClass")) {
                errs.addAll(ObjectMetaValidation.labelName(Fields.str(spec, "loadBalancerClass"), p));
            }
        } else if (Fields.has(spec, "loadBalancerClass")) {
            errs.add(FieldError.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
        }
        return errs;
    }

    private static List<FieldError> trafficPolicies(JsonNode spec, String type) {
        List<FieldError> errs = new ArrayList<>();
        String etp = Fields.str(spec, "externalTrafficPolicy");
        if (!externallyAccessible(spec)) {
            if (!etp.isEmpty()) {
                errs.add(FieldError.invalid(SPEC.child("externalTrafficPolicy"), etp,
                        "may only be set for externally-accessible services"));
            }
        } else if (etp.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("externalTrafficPolicy"), ""));
        } else if (!etp.equals("Cluster") && !etp.equals("Local")) {
            errs.add(FieldError.notSupported(SPEC.child("externalTrafficPolicy"), etp, List.of("Cluster", "Local")));
        }
        long hc = Fields.integer(spec, "healthCheckNodePort", 0);
        if (!needsHealthCheck(spec)) {
            if (hc != 0) {
                errs.add(FieldError.invalid(SPEC.child("healthCheckNodePort"), hc,
                        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
            }
        } else if (hc == 0) {
            errs.add(FieldError.required(SPEC.child("healthCheckNodePort"), ""));
        } else {
            for (String m : Formats.portNumber(hc)) {
                errs.add(FieldError.invalid(SPEC.child("healthCheckNodePort"), hc, m));
            }
        }
        if (!Fields.has(spec, "internalTrafficPolicy")) {
            if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
                errs.add(FieldError.required(SPEC.child("internalTrafficPolicy"), ""));
            }
        } else {
            String itp = Fields.str(spec, "internalTrafficPolicy");
            if (!itp.equals("Cluster") && !itp.equals("Local")) {
                errs.add(FieldError.notSupported(SPEC.child("internalTrafficPolicy"), itp, List.of("Cluster", "Local")));
            }
        }
        if (Fields.has(spec, "trafficDistribution")) {
            String td = Fields.str(spec, "trafficDistribution");
            if (!td.equals("PreferClose")) {
                errs.add(FieldError.notSupported(SPEC.child("trafficDistribution"), td, List.of("PreferClose")));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(META.validateUpdate(obj, old));
        JsonNode spec = Fields.get(obj, "spec");
        JsonNode oldSpec = Fields.get(old, "spec");
        boolean externalName = Fields.str(spec, "type").equals("ExternalName")
                || Fields.str(oldSpec, "type").equals("ExternalName");
        if (!externalName) {
            errs.addAll(upgradeDowngradeClusterIPs(spec, oldSpec));
            errs.addAll(upgradeDowngradeFamilies(spec, oldSpec));
        }
        errs.addAll(loadBalancerClass(spec, oldSpec).stream()
                .filter(e -> e.detail().equals("may not change once set")).toList());
        if (needsHealthCheck(oldSpec) && needsHealthCheck(spec)
                && Fields.integer(spec, "healthCheckNodePort", 0) != Fields.integer(oldSpec, "healthCheckNodePort", 0)) {
            errs.add(FieldError.forbidden(SPEC.child("healthCheckNodePort"), ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        errs.addAll(validate(obj));
        return errs;
    }

    private static List<FieldError> upgradeDowngradeClusterIPs(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        if (headless(spec) && headless(oldSpec)) {
            return errs;
        }
        List<String> now = Fields.strings(spec, "clusterIPs");
        List<String> before = Fields.strings(oldSpec, "clusterIPs");
        Bare value = new Bare(ObjectMetaValidation.goStringSlice(now));
        FieldPath p = SPEC.child("clusterIPs");
        if (now.size() == before.size()) {
            for (int i = 0; i < before.size(); i++) {
                if (!before.get(i).equals(now.get(i))) {
                    errs.add(FieldError.invalid(p.index(i), value, "may not change once set"));
                }
            }
        } else if (before.size() > now.size()) {
            if (now.isEmpty()) {
                errs.add(FieldError.invalid(p.index(0), value, "primary clusterIP can not be unset"));
            }
            if (!before.isEmpty() && !now.isEmpty() && !now.getFirst().equals(before.getFirst())) {
                errs.add(FieldError.invalid(p.index(0), value, "may not change once set"));
            }
            if (now.size() == 1 && !Fields.str(spec, "ipFamilyPolicy").equals("SingleStack")) {
                errs.add(FieldError.invalid(SPEC.child("ipFamilyPolicy"), policyValue(spec),
                        "must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        } else if (!before.isEmpty() && !now.getFirst().equals(before.getFirst())) {
            errs.add(FieldError.invalid(p.index(0), value, "may not change once set"));
        }
        return errs;
    }

    private static Object policyValue(JsonNode spec) {
        return Fields.has(spec, "ipFamilyPolicy") ? Fields.str(spec, "ipFamilyPolicy") : null;
    }

    private static List<FieldError> upgradeDowngradeFamilies(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        if (headless(spec) != headless(oldSpec) || headless(spec)) {
            return errs;
        }
        List<String> now = Fields.strings(spec, "ipFamilies");
        List<String> before = Fields.strings(oldSpec, "ipFamilies");
        Bare families = new Bare(ObjectMetaValidation.goFamilies(now));
        Bare ips = new Bare(ObjectMetaValidation.goStringSlice(Fields.strings(spec, "clusterIPs")));
        FieldPath p = SPEC.child("ipFamilies").index(0);
        if (now.size() == before.size()) {
            for (int i = 0; i < before.size(); i++) {
                if (!before.get(i).equals(now.get(i))) {
                    errs.add(FieldError.invalid(p, families, "may not change once set"));
                }
            }
        } else if (before.size() > now.size()) {
            if (Fields.strings(spec, "clusterIPs").isEmpty()) {
                errs.add(FieldError.invalid(p, families, "primary ipFamily can not be unset"));
            }
            if (!now.isEmpty() && !now.getFirst().equals(before.getFirst())) {
                errs.add(FieldError.invalid(p, ips, "may not change once set"));
            }
            if (now.size() == 1 && !Fields.str(spec, "ipFamilyPolicy").equals("SingleStack")) {
                errs.add(FieldError.invalid(SPEC.child("ipFamilyPolicy"), policyValue(spec),
                        "must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        } else if (!before.isEmpty() && !now.isEmpty() && !now.getFirst().equals(before.getFirst())) {
            errs.add(FieldError.invalid(p, ips, "may not change once set"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(META.validateUpdate(obj, old));
        JsonNode spec = Fields.get(obj, "spec");
        FieldPath ip = FieldPath.of("status", "loadBalancer", "ingress");
        List<JsonNode> ingress = Fields.list(Fields.get(Fields.get(obj, "status"), "loadBalancer"), "ingress");
        if (!Fields.str(spec, "type").equals("LoadBalancer") && !ingress.isEmpty()) {
            errs.add(FieldError.forbidden(ip, "may only be used when `spec.type` is 'LoadBalancer'"));
            return errs;
        }
        for (int i = 0; i < ingress.size(); i++) {
            JsonNode in = ingress.get(i);
            FieldPath p = ip.index(i);
            String address = Fields.str(in, "ip");
            if (!address.isEmpty()) {
                errs.addAll(IpAddresses.validateIp(p.child("ip"), address));
            }
            if (!Fields.has(in, "ipMode")) {
                if (!address.isEmpty()) {
                    errs.add(FieldError.required(p.child("ipMode"), "must be specified when `ip` is set"));
                }
            } else if (address.isEmpty()) {
                errs.add(FieldError.forbidden(p.child("ipMode"), "may not be specified when `ip` is not set"));
            } else if (!List.of("Proxy", "VIP").contains(Fields.str(in, "ipMode"))) {
                errs.add(FieldError.notSupported(p.child("ipMode"), Fields.str(in, "ipMode"), List.of("Proxy", "VIP")));
            }
            String hostname = Fields.str(in, "hostname");
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
