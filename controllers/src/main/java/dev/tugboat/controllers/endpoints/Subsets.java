package dev.tugboat.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The subsets of an Endpoints object as values (upstream's RepackSubsets and truncation): every address
 * is listed once, with the ports it serves; addresses serving the same set of ports share a subset.
 * Everything is sorted, so two equal sets of endpoints give equal lists whatever order they came in.
 */
public final class Subsets {

    /** Upstream's limit on addresses in one Endpoints object. */
    public static final int MAX_CAPACITY = 1000;

    private Subsets() {
    }

    /** A pod reference of an address (its resourceVersion is deliberately not part of it). */
    public record TargetRef(String namespace, String name, String uid) {
    }

    /** One address; empty strings for absent fields. */
    public record Address(String ip, String hostname, String nodeName, TargetRef targetRef) {
    }

    public record Port(String name, int port, String protocol, String appProtocol) {
    }

    /** One (address, port) pair, ready or not; {@code port} is null for a headless service without ports. */
    public record Entry(Address address, Port port, boolean ready) {
    }

    public record Subset(List<Address> addresses, List<Address> notReadyAddresses, List<Port> ports) {
        public Subset {
            addresses = List.copyOf(addresses);
            notReadyAddresses = List.copyOf(notReadyAddresses);
            ports = List.copyOf(ports);
        }

        int size() {
            return addresses.size() + notReadyAddresses.size();
        }
    }

    static final Comparator<Address> ADDRESS_ORDER = Comparator.comparing(Address::ip)
            .thenComparing(a -> a.targetRef() == null ? "" : a.targetRef().uid());
    static final Comparator<Port> PORT_ORDER = Comparator.comparing(Port::name).thenComparingInt(Port::port)
            .thenComparing(Port::protocol).thenComparing(Port::appProtocol);

    /**
     * Groups entries into subsets: an address ready for any port counts as ready; addresses with the same
     * port set share a subset. Sorted by address, ports and subsets.
     */
    public static List<Subset> repack(List<Entry> entries) {
        // 1. Per address: its ports and readiness.
        Map<Address, TreeSet<Port>> ports = new TreeMap<>(ADDRESS_ORDER);
        Map<Address, Boolean> ready = new TreeMap<>(ADDRESS_ORDER);
        for (Entry e : entries) {
            TreeSet<Port> set = ports.computeIfAbsent(e.address(), a -> new TreeSet<>(PORT_ORDER));
            if (e.port() != null) {
                set.add(e.port());
            }
            ready.merge(e.address(), e.ready(), Boolean::logicalOr);
        }
        // 2. Per port set: its addresses, ready and not.
        Map<List<Port>, List<Address>[]> byPorts = new LinkedHashMap<>();
        for (Map.Entry<Address, TreeSet<Port>> e : ports.entrySet()) {
            @SuppressWarnings("unchecked")
            List<Address>[] lists = byPorts.computeIfAbsent(List.copyOf(e.getValue()),
                    k -> new List[] {new ArrayList<>(), new ArrayList<>()});
            lists[ready.get(e.getKey()) ? 0 : 1].add(e.getKey());
        }
        List<Subset> out = new ArrayList<>();
        byPorts.forEach((p, lists) -> out.add(new Subset(lists[0], lists[1], p)));
        out.sort(SUBSET_ORDER);
        return out;
    }

    private static final Comparator<Subset> SUBSET_ORDER = Comparator.comparing(Subsets::portKey)
            .thenComparing(s -> s.addresses().isEmpty() ? s.notReadyAddresses().get(0).ip() : s.addresses().get(0).ip());

    private static String portKey(Subset s) {
        StringBuilder sb = new StringBuilder();
        for (Port p : s.ports()) {
            sb.append(p.name()).append('/').append(p.port()).append('/').append(p.protocol()).append(';');
        }
        return sb.toString();
    }

    /** The total number of addresses, ready and not. */
    public static int size(List<Subset> subsets) {
        return subsets.stream().mapToInt(Subset::size).sum();
    }

    /**
     * Cuts subsets down to {@link #MAX_CAPACITY} addresses as upstream does: not-ready addresses go
     * first; if the ready ones alone are too many, every not-ready one goes and the ready ones are cut.
     * Each subset keeps its share of the allowance, rounded up, within what is left.
     *
     * @return the subsets unchanged when within capacity
     */
    public static List<Subset> truncate(List<Subset> subsets) {
        int ready = subsets.stream().mapToInt(s -> s.addresses().size()).sum();
        int notReady = subsets.stream().mapToInt(s -> s.notReadyAddresses().size()).sum();
        if (ready + notReady <= MAX_CAPACITY) {
            return subsets;
        }
        boolean cutReady = ready > MAX_CAPACITY;
        int allowance = cutReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
        int total = cutReady ? ready : notReady;
        int left = allowance;
        List<Subset> out = new ArrayList<>();
        for (Subset s : subsets) {
            List<Address> cut = cutReady ? s.addresses() : s.notReadyAddresses();
            int share = (int) Math.ceil((double) cut.size() / total * allowance);
            int keep = Math.min(Math.min(share, left), cut.size());
            left -= keep;
            List<Address> kept = cut.subList(0, keep);
            Subset t = cutReady ? new Subset(kept, List.of(), s.ports()) : new Subset(s.addresses(), kept, s.ports());
            if (t.size() > 0) {
                out.add(t);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ JSON

    /** The subsets as an Endpoints object's {@code subsets} array. */
    public static ArrayNode toJson(List<Subset> subsets) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Subset s : subsets) {
            ObjectNode o = arr.addObject();
            if (!s.addresses().isEmpty()) {
                ArrayNode a = o.putArray("addresses");
                s.addresses().forEach(addr -> a.add(addressJson(addr)));
            }
            if (!s.notReadyAddresses().isEmpty()) {
                ArrayNode a = o.putArray("notReadyAddresses");
                s.notReadyAddresses().forEach(addr -> a.add(addressJson(addr)));
            }
            if (!s.ports().isEmpty()) {
                ArrayNode a = o.putArray("ports");
                for (Port p : s.ports()) {
                    ObjectNode po = a.addObject();
                    if (!p.name().isEmpty()) {
                        po.put("name", p.name());
                    }
                    po.put("port", p.port()).put("protocol", p.protocol());
                    if (!p.appProtocol().isEmpty()) {
                        po.put("appProtocol", p.appProtocol());
                    }
                }
            }
        }
        return arr;
    }

    private static ObjectNode addressJson(Address a) {
        ObjectNode o = Json.object();
        o.put("ip", a.ip());
        if (!a.hostname().isEmpty()) {
            o.put("hostname", a.hostname());
        }
        if (!a.nodeName().isEmpty()) {
            o.put("nodeName", a.nodeName());
        }
        if (a.targetRef() != null) {
            o.putObject("targetRef").put("kind", "Pod").put("namespace", a.targetRef().namespace())
                    .put("name", a.targetRef().name()).put("uid", a.targetRef().uid());
        }
        return o;
    }

    /**
     * Reads an Endpoints object's {@code subsets} back into sorted values (repacked), so that content
     * written by anyone compares with {@link #repack} by value.
     */
    public static List<Subset> fromJson(JsonNode subsets) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode s : subsets) {
            List<Port> ports = new ArrayList<>();
            for (JsonNode p : s.path("ports")) {
                ports.add(new Port(p.path("name").asText(""), p.path("port").asInt(),
                        p.path("protocol").asText("TCP"), p.path("appProtocol").asText("")));
            }
            for (String field : new String[] {"addresses", "notReadyAddresses"}) {
                for (JsonNode a : s.path(field)) {
                    Address addr = address(a);
                    boolean ready = field.equals("addresses");
                    if (ports.isEmpty()) {
                        entries.add(new Entry(addr, null, ready));
                    }
                    for (Port p : ports) {
                        entries.add(new Entry(addr, p, ready));
                    }
                }
            }
        }
        return repack(entries);
    }

    private static Address address(JsonNode a) {
        JsonNode ref = a.path("targetRef");
        TargetRef targetRef = ref.isObject() ? new TargetRef(ref.path("namespace").asText(""),
                ref.path("name").asText(""), ref.path("uid").asText("")) : null;
        return new Address(a.path("ip").asText(""), a.path("hostname").asText(""), a.path("nodeName").asText(""),
                targetRef);
    }
}
