package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.allocation.Ipv4Range;
import dev.tugboat.apiserver.allocation.RangeAllocator;
import dev.tugboat.apiserver.registry.StorageHooks;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Allocation of Services' ClusterIPs (from the service CIDR) and node ports (from the node port
 * range), as upstream's service REST storage: explicit values are honoured or rejected when taken or
 * out of range, missing ones are allocated, values carry over on update, type changes release and
 * clear what no longer applies, and deletion releases everything. Single-stack IPv4.
 */
public final class ServiceAllocations implements StorageHooks {

    private final Ipv4Range ipRange;
    private final RangeAllocator ips;
    private final int portBase;
    private final int portMax;
    private final RangeAllocator ports;

    public ServiceAllocations(Ipv4Range ipRange, RangeAllocator ips, int portBase, int portMax, RangeAllocator ports) {
        this.ipRange = ipRange;
        this.ips = ips;
        this.portBase = portBase;
        this.portMax = portMax;
        this.ports = ports;
    }

    /** What one write allocated and what it will free. */
    private final class Change implements Pending {
        private final boolean dryRun;
        private final List<Integer> allocatedIps = new ArrayList<>();
        private final List<Integer> allocatedPorts = new ArrayList<>();
        private final List<Integer> freedIps = new ArrayList<>();
        private final List<Integer> freedPorts = new ArrayList<>();

        Change(boolean dryRun) {
            this.dryRun = dryRun;
        }

        @Override
        public void commit() {
            if (dryRun) {
                return;
            }
            freedIps.forEach(ips::release);
            freedPorts.forEach(ports::release);
        }

        @Override
        public void abort() {
            if (dryRun) {
                return;
            }
            allocatedIps.forEach(ips::release);
            allocatedPorts.forEach(ports::release);
        }
    }

    @Override
    public Pending beginCreate(ObjectNode svc, boolean dryRun) {
        Change change = new Change(dryRun);
        try {
            ObjectNode spec = svc.withObjectProperty("spec");
            allocateClusterIp(svc, spec, change);
            allocateNodePorts(svc, spec, null, change);
            return change;
        } catch (RuntimeException e) {
            change.abort();
            throw e;
        }
    }

    @Override
    public Pending beginUpdate(ObjectNode svc, ObjectNode old, boolean dryRun) {
        Change change = new Change(dryRun);
        try {
            ObjectNode spec = svc.withObjectProperty("spec");
            JsonNode oldSpec = old.path("spec");
            dropTypeDependentFields(spec, oldSpec);
            String type = type(spec);
            String oldIp = oldSpec.path("clusterIP").asText("");
            if (!type.equals("ExternalName")) {
                if (spec.path("clusterIP").asText("").isEmpty() && !oldIp.isEmpty()) {
                    // An omitted clusterIP keeps the old one (and its family fields).
                    for (String f : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
                        if (oldSpec.has(f) && !spec.has(f)) {
                            spec.set(f, oldSpec.get(f).deepCopy());
                        }
                    }
                    if (!spec.has("clusterIPs")) {
                        spec.set("clusterIPs", oldSpec.path("clusterIPs").deepCopy());
                    }
                }
                if (oldIp.isEmpty() || oldSpec.path("type").asText("").equals("ExternalName")) {
                    allocateClusterIp(svc, spec, change);
                }
            } else if (!oldIp.isEmpty() && !oldIp.equals("None")) {
                int off = ipRange.offset(oldIp);
                if (off >= 0) {
                    change.freedIps.add(off);
                }
            }
            allocateNodePorts(svc, spec, oldSpec, change);
            return change;
        } catch (RuntimeException e) {
            change.abort();
            throw e;
        }
    }

    @Override
    public void afterDelete(ObjectNode svc) {
        JsonNode spec = svc.path("spec");
        for (JsonNode ip : spec.path("clusterIPs")) {
            int off = ipRange.offset(ip.asText());
            if (off >= 0) {
                ips.release(off);
            }
        }
        for (int p : nodePorts(spec)) {
            ports.release(p - portBase);
        }
    }

    /** Rebuilds both bitmaps from the stored Services (startup repair). */
    public void repair(List<JsonNode> services) {
        BitSet usedIps = new BitSet();
        BitSet usedPorts = new BitSet();
        for (JsonNode svc : services) {
            for (JsonNode ip : svc.path("spec").path("clusterIPs")) {
                int off = ipRange.offset(ip.asText());
                if (off >= 0) {
                    usedIps.set(off);
                }
            }
            for (int p : nodePorts(svc.path("spec"))) {
                if (p >= portBase && p <= portMax) {
                    usedPorts.set(p - portBase);
                }
            }
        }
        ips.repair(usedIps);
        ports.repair(usedPorts);
    }

    // ------------------------------------------------------------------ cluster IPs

    private static String type(JsonNode spec) {
        String t = spec.path("type").asText("");
        return t.isEmpty() ? "ClusterIP" : t;
    }

    private void allocateClusterIp(ObjectNode svc, ObjectNode spec, Change change) {
        if (type(spec).equals("ExternalName")) {
            return;
        }
        String requested = spec.path("clusterIP").asText("");
        if (requested.isEmpty() && spec.path("clusterIPs").size() > 0) {
            requested = spec.path("clusterIPs").get(0).asText("");
        }
        if (requested.equals("None")) {
            setIps(spec, "None", !spec.path("selector").isEmpty());
            return;
        }
        String ip;
        if (requested.isEmpty()) {
            ip = ipRange.address(change.dryRun ? freeOffset(ips) : next(ips, change.allocatedIps, svc));
        } else {
            int off = ipRange.offset(requested);
            if (off < 0) {
                if (!looksLikeIpv4(requested)) {
                    return; // Not an IP at all: validation reports the format.
                }
                throw invalidIp(svc, requested, "the provided IP (" + requested + ") is not in the valid range. "
                        + "The range of valid IPs is " + ipRange.cidr());
            }
            String wanted = requested;
            claim(ips, off, change.dryRun, change.allocatedIps,
                    () -> invalidIp(svc, wanted, "provided IP is already allocated"));
            ip = wanted;
        }
        setIps(spec, ip, true);
    }

    private static void setIps(ObjectNode spec, String ip, boolean hasSelectorOrAllocated) {
        spec.put("clusterIP", ip);
        ArrayNode list = spec.putArray("clusterIPs");
        list.add(ip);
        boolean headlessWithoutSelector = ip.equals("None") && !hasSelectorOrAllocated;
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
        }
        if (!spec.has("ipFamilies") || spec.path("ipFamilies").isEmpty()) {
            ArrayNode families = spec.putArray("ipFamilies");
            families.add("IPv4");
            if (headlessWithoutSelector) {
                families.add("IPv6");
            }
        }
    }

    private static boolean looksLikeIpv4(String s) {
        try {
            Ipv4Range.toLong(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ApiException invalidIp(ObjectNode svc, String ip, String why) {
        return new ApiException.Invalid("", "Service", Meta.name(svc), List.of(FieldError.invalid(
                FieldPath.of("spec", "clusterIPs"), new GoStringSlice(List.of(ip)),
                "failed to allocate IP " + ip + ": " + why)));
    }

    /** Renders as Go's {@code []string{"a"}} in error messages. */
    private record GoStringSlice(List<String> values) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[]string{");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(dev.tugboat.api.errors.GoValues.quote(values.get(i)));
            }
            return sb.append('}').toString();
        }
    }

    // ------------------------------------------------------------------ node ports

    private static boolean needsNodePorts(JsonNode spec) {
        String t = type(spec);
        return t.equals("NodePort") || (t.equals("LoadBalancer")
                && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
    }

    private void allocateNodePorts(ObjectNode svc, ObjectNode spec, JsonNode oldSpec, Change change) {
        Set<Integer> oldPorts = oldSpec == null ? Set.of() : new HashSet<>(nodePorts(oldSpec));
        Set<Integer> kept = new HashSet<>();
        if (needsNodePorts(spec) || type(spec).equals("LoadBalancer")) {
            JsonNode list = spec.path("ports");
            for (int i = 0; i < list.size(); i++) {
                ObjectNode port = (ObjectNode) list.get(i);
                int requested = port.path("nodePort").asInt(0);
                if (requested == 0 && oldSpec != null) {
                    requested = carriedOver(port, oldSpec);
                }
                if (requested == 0 && !needsNodePorts(spec)) {
                    continue;
                }
                if (requested == 0) {
                    int p = portBase + (change.dryRun ? freeOffset(ports) : next(ports, change.allocatedPorts, svc));
                    port.put("nodePort", p);
                    kept.add(p);
                    continue;
                }
                port.put("nodePort", requested);
                if (oldPorts.contains(requested) || kept.contains(requested)) {
                    kept.add(requested); // Same port for another protocol, or unchanged: already ours.
                    continue;
                }
                int p = requested;
                int index = i;
                if (p < portBase || p > portMax) {
                    throw invalidPort(svc, i, p, "provided port is not in the valid range. The range of valid ports is "
                            + portBase + "-" + portMax);
                }
                claim(ports, p - portBase, change.dryRun, change.allocatedPorts,
                        () -> invalidPort(svc, index, p, "provided port is already allocated"));
                kept.add(p);
            }
        }
        allocateHealthCheckPort(svc, spec, oldSpec, change, kept);
        for (int p : oldPorts) {
            if (!kept.contains(p)) {
                change.freedPorts.add(p - portBase);
            }
        }
    }

    private void allocateHealthCheckPort(ObjectNode svc, ObjectNode spec, JsonNode oldSpec, Change change,
                                         Set<Integer> kept) {
        boolean needs = type(spec).equals("LoadBalancer") && spec.path("externalTrafficPolicy").asText("").equals("Local");
        if (!needs) {
            spec.remove("healthCheckNodePort");
            return;
        }
        int requested = spec.path("healthCheckNodePort").asInt(0);
        if (requested == 0 && oldSpec != null) {
            requested = oldSpec.path("healthCheckNodePort").asInt(0);
        }
        int oldHc = oldSpec == null ? 0 : oldSpec.path("healthCheckNodePort").asInt(0);
        if (requested != 0 && requested == oldHc) {
            spec.put("healthCheckNodePort", requested);
            kept.add(requested);
            return;
        }
        if (requested == 0) {
            requested = portBase + (change.dryRun ? freeOffset(ports) : next(ports, change.allocatedPorts, svc));
        } else {
            int p = requested;
            claim(ports, p - portBase, change.dryRun, change.allocatedPorts, () -> new ApiException.Invalid("",
                    "Service", Meta.name(svc), List.of(FieldError.invalid(FieldPath.of("spec", "healthCheckNodePort"),
                    p, "provided port is already allocated"))));
        }
        spec.put("healthCheckNodePort", requested);
        kept.add(requested);
    }

    /** The nodePort an existing port (same port and protocol) had, or 0. */
    private static int carriedOver(JsonNode port, JsonNode oldSpec) {
        for (JsonNode old : oldSpec.path("ports")) {
            if (old.path("port").asInt() == port.path("port").asInt()
                    && old.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))) {
                return old.path("nodePort").asInt(0);
            }
        }
        return 0;
    }

    private static List<Integer> nodePorts(JsonNode spec) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            int n = p.path("nodePort").asInt(0);
            if (n > 0 && !out.contains(n)) {
                out.add(n);
            }
        }
        int hc = spec.path("healthCheckNodePort").asInt(0);
        if (hc > 0 && !out.contains(hc)) {
            out.add(hc);
        }
        return out;
    }

    private static ApiException invalidPort(ObjectNode svc, int index, int port, String why) {
        return new ApiException.Invalid("", "Service", Meta.name(svc), List.of(FieldError.invalid(
                FieldPath.of("spec", "ports").index(index).child("nodePort"), port, why)));
    }

    /**
     * Upstream's dropTypeDependentFields: when the type changes and the client left the old
     * type-specific values untouched, they are cleared instead of failing validation.
     */
    private static void dropTypeDependentFields(ObjectNode spec, JsonNode oldSpec) {
        String type = type(spec);
        String oldType = type(oldSpec);
        if (type.equals(oldType)) {
            return;
        }
        if (type.equals("ExternalName") && spec.path("clusterIP").asText("").equals(oldSpec.path("clusterIP").asText(""))) {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
            spec.remove("ipFamilies");
            spec.remove("ipFamilyPolicy");
        }
        if (!needsNodePorts(spec) && !type.equals("LoadBalancer")) {
            for (JsonNode p : spec.path("ports")) {
                int n = p.path("nodePort").asInt(0);
                if (n != 0 && carriedOver(p, oldSpec) == n) {
                    ((ObjectNode) p).remove("nodePort");
                }
            }
        }
        boolean externalNow = type.equals("NodePort") || type.equals("LoadBalancer");
        boolean externalBefore = oldType.equals("NodePort") || oldType.equals("LoadBalancer");
        if (externalBefore && !externalNow && spec.path("externalTrafficPolicy").asText("")
                .equals(oldSpec.path("externalTrafficPolicy").asText(""))) {
            spec.remove("externalTrafficPolicy");
        }
        if (type.equals("ExternalName") && spec.path("internalTrafficPolicy").asText("")
                .equals(oldSpec.path("internalTrafficPolicy").asText(""))) {
            spec.remove("internalTrafficPolicy");
        }
        if (!type.equals("LoadBalancer")) {
            if (spec.path("healthCheckNodePort").asInt(0) == oldSpec.path("healthCheckNodePort").asInt(0)) {
                spec.remove("healthCheckNodePort");
            }
            spec.remove("allocateLoadBalancerNodePorts");
            spec.remove("loadBalancerClass");
        }
    }

    // ------------------------------------------------------------------ bitmap helpers

    private interface ErrorSupplier {
        ApiException get();
    }

    private static void claim(RangeAllocator a, int offset, boolean dryRun, List<Integer> claimed, ErrorSupplier taken) {
        if (dryRun) {
            if (!a.isFree(offset)) {
                throw taken.get();
            }
            return;
        }
        try {
            a.allocate(offset);
            claimed.add(offset);
        } catch (RangeAllocator.AllocationException e) {
            throw taken.get();
        }
    }

    private static int next(RangeAllocator a, List<Integer> claimed, ObjectNode svc) {
        try {
            int off = a.allocateNext();
            claimed.add(off);
            return off;
        } catch (RangeAllocator.AllocationException e) {
            throw new ApiException.Invalid("", "Service", Meta.name(svc), List.of(FieldError.internal(
                    FieldPath.of("spec"), "failed to allocate a value: range is full")));
        }
    }

    /** A free offset for a dry run (nothing is claimed). */
    private static int freeOffset(RangeAllocator a) {
        int start = ThreadLocalRandom.current().nextInt(a.size());
        for (int i = 0; i < a.size(); i++) {
            int off = (start + i) % a.size();
            if (a.isFree(off)) {
                return off;
            }
        }
        throw new ApiException.ServiceUnavailable("no free value left in the range");
    }
}
