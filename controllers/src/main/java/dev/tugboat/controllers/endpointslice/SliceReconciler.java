package dev.tugboat.controllers.endpointslice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides how a service's EndpointSlices change (upstream's reconciler in staging/endpointslice), with
 * as little churn as it can: endpoints stay in the slice they are in, a slice is rewritten only when
 * one of its endpoints changed or left (or its labels changed), emptied slices are deleted, and new
 * endpoints fill slices that are rewritten anyway before new slices are made. A final partial batch
 * goes into an untouched slice only if it fits there whole. A service with no endpoints keeps one
 * empty placeholder slice. Pure: no I/O.
 */
public final class SliceReconciler {

    private SliceReconciler() {
    }

    public record Port(String name, int port, String protocol, String appProtocol) {
    }

    /** One endpoint: a pod's address with its conditions. Empty strings for absent fields. */
    public record Endpoint(String ip, boolean ready, boolean serving, boolean terminating, String nodeName,
                           String zone, String hostname, String podNamespace, String podName, String podUid) {
        String key() {
            return podUid + "/" + ip;
        }
    }

    /** A slice: {@code name} is "" for one still to be created. */
    public record Slice(String name, List<Port> ports, List<Endpoint> endpoints, Map<String, String> labels) {
        public Slice {
            ports = List.copyOf(ports);
            endpoints = List.copyOf(endpoints);
            labels = Map.copyOf(labels);
        }
    }

    /** What to write. */
    public record Plan(List<Slice> toCreate, List<Slice> toUpdate, List<String> toDelete) {
        public boolean isEmpty() {
            return toCreate.isEmpty() && toUpdate.isEmpty() && toDelete.isEmpty();
        }
    }

    static final Comparator<Port> PORT_ORDER = Comparator.comparing(Port::name).thenComparingInt(Port::port)
            .thenComparing(Port::protocol).thenComparing(Port::appProtocol);

    /** Sorted ports, the identity of a slice's port set. */
    public static List<Port> portSet(List<Port> ports) {
        return ports.stream().sorted(PORT_ORDER).toList();
    }

    /**
     * @param existing the service's current slices (any order)
     * @param desired  the endpoints each port set should list (keys from {@link #portSet})
     * @param labels   the labels every slice should carry
     */
    public static Plan reconcile(List<Slice> existing, Map<List<Port>, List<Endpoint>> desired,
                                 Map<String, String> labels, int maxPerSlice) {
        List<Slice> sorted = existing.stream().sorted(Comparator.comparing(Slice::name)).toList();
        List<Slice> creates = new ArrayList<>();
        List<Slice> updates = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        if (desired.values().stream().allMatch(List::isEmpty)) {
            return placeholder(sorted, labels);
        }
        for (Slice s : sorted) {
            if (!desired.containsKey(portSet(s.ports())) || desired.get(portSet(s.ports())).isEmpty()) {
                deletes.add(s.name());
            }
        }
        desired.forEach((ports, endpoints) -> {
            if (!endpoints.isEmpty()) {
                List<Slice> same = sorted.stream().filter(s -> portSet(s.ports()).equals(ports)).toList();
                reconcilePortSet(same, ports, endpoints, labels, maxPerSlice, creates, updates, deletes);
            }
        });
        return new Plan(creates, updates, deletes);
    }

    private static void reconcilePortSet(List<Slice> existing, List<Port> ports, List<Endpoint> endpoints,
                                         Map<String, String> labels, int max, List<Slice> creates,
                                         List<Slice> updates, List<String> deletes) {
        Map<String, Endpoint> wanted = new LinkedHashMap<>();
        endpoints.forEach(e -> wanted.putIfAbsent(e.key(), e));
        Set<String> placed = new LinkedHashSet<>();
        // 1. Existing slices keep the endpoints still wanted, in place.
        List<List<Endpoint>> changed = new ArrayList<>();
        List<Slice> changedSlices = new ArrayList<>();
        List<Slice> untouched = new ArrayList<>();
        for (Slice s : existing) {
            List<Endpoint> kept = new ArrayList<>();
            boolean dirty = !s.labels().equals(labels);
            for (Endpoint e : s.endpoints()) {
                Endpoint want = wanted.get(e.key());
                if (want != null && placed.add(e.key())) {
                    kept.add(want);
                    dirty |= !want.equals(e);
                } else {
                    dirty = true;
                }
            }
            if (kept.isEmpty()) {
                deletes.add(s.name());
            } else if (dirty) {
                changed.add(kept);
                changedSlices.add(s);
            } else {
                untouched.add(s);
            }
        }
        List<Endpoint> left = new ArrayList<>();
        wanted.forEach((k, e) -> {
            if (!placed.contains(k)) {
                left.add(e);
            }
        });
        // 2. New endpoints fill the slices rewritten anyway.
        for (List<Endpoint> kept : changed) {
            while (kept.size() < max && !left.isEmpty()) {
                kept.add(left.removeFirst());
            }
        }
        // 3. Full new slices; the last partial batch into an untouched slice where it fits whole.
        while (left.size() >= max) {
            List<Endpoint> batch = new ArrayList<>(left.subList(0, max));
            left.subList(0, max).clear();
            creates.add(new Slice("", ports, batch, labels));
        }
        if (!left.isEmpty()) {
            Slice host = untouched.stream().filter(s -> s.endpoints().size() + left.size() <= max).findFirst()
                    .orElse(null);
            if (host != null) {
                untouched.remove(host);
                List<Endpoint> grown = new ArrayList<>(host.endpoints());
                grown.addAll(left);
                changed.add(grown);
                changedSlices.add(host);
            } else {
                creates.add(new Slice("", ports, left, labels));
            }
        }
        for (int i = 0; i < changedSlices.size(); i++) {
            updates.add(new Slice(changedSlices.get(i).name(), ports, changed.get(i), labels));
        }
    }

    /** No endpoints: one empty slice stays (or is made), the others go. */
    private static Plan placeholder(List<Slice> existing, Map<String, String> labels) {
        List<String> deletes = new ArrayList<>();
        Slice keep = null;
        for (Slice s : existing) {
            if (keep == null && s.endpoints().isEmpty() && s.ports().isEmpty()) {
                keep = s;
            } else {
                deletes.add(s.name());
            }
        }
        if (keep == null) {
            return new Plan(List.of(new Slice("", List.of(), List.of(), labels)), List.of(), deletes);
        }
        List<Slice> updates = keep.labels().equals(labels) ? List.of()
                : List.of(new Slice(keep.name(), List.of(), List.of(), labels));
        return new Plan(List.of(), updates, deletes);
    }
}
