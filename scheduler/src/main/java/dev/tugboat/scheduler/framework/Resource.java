package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.quantity.Quantity;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of each schedulable resource (upstream's {@code framework.Resource}): cpu in millicores,
 * memory and ephemeral storage in bytes, a pod count, and extended ("scalar") resources in their
 * integer units. Mutable, because node totals are updated in place; values handed to plugins are not
 * changed by them.
 */
public final class Resource {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    public long milliCpu;
    public long memory;
    public long ephemeralStorage;
    public long allowedPodNumber;
    /** Extended resources (hugepages-*, example.com/gpu, …); null while there are none. */
    private Map<String, Long> scalar;

    public Resource() {
    }

    public Resource(long milliCpu, long memory) {
        this.milliCpu = milliCpu;
        this.memory = memory;
    }

    /** Reads a ResourceList ({@code {"cpu": "500m", "memory": "1Gi", …}}); unparsable values count as zero. */
    public static Resource fromResourceList(JsonNode list) {
        Resource r = new Resource();
        if (list == null || !list.isObject()) {
            return r;
        }
        for (var e : list.properties()) {
            Quantity q;
            try {
                q = Quantity.parse(e.getValue());
            } catch (IllegalArgumentException ex) {
                continue;
            }
            switch (e.getKey()) {
                case CPU -> r.milliCpu = q.milliValue();
                case MEMORY -> r.memory = q.value();
                case EPHEMERAL_STORAGE -> r.ephemeralStorage = q.value();
                case PODS -> r.allowedPodNumber = q.value();
                default -> {
                    if (isScalar(e.getKey())) {
                        r.setScalar(e.getKey(), q.value());
                    }
                }
            }
        }
        return r;
    }

    /** Whether a resource name is an extended resource the fit check counts (not cpu, memory, …). */
    public static boolean isScalar(String name) {
        return !name.equals(CPU) && !name.equals(MEMORY) && !name.equals(EPHEMERAL_STORAGE) && !name.equals(PODS)
                && (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")
                || name.contains("/") && !name.startsWith("requests."));
    }

    public long scalar(String name) {
        if (scalar == null) {
            return 0;
        }
        Long v = scalar.get(name);
        return v == null ? 0 : v;
    }

    public void setScalar(String name, long value) {
        if (scalar == null) {
            scalar = new HashMap<>(4);
        }
        scalar.put(name, value);
    }

    /** The extended resources (read-only view; empty when none). */
    public Map<String, Long> scalars() {
        return scalar == null ? Map.of() : java.util.Collections.unmodifiableMap(scalar);
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && (scalar == null || scalar.isEmpty());
    }

    public void add(Resource o) {
        milliCpu += o.milliCpu;
        memory += o.memory;
        ephemeralStorage += o.ephemeralStorage;
        allowedPodNumber += o.allowedPodNumber;
        if (o.scalar != null) {
            o.scalar.forEach((k, v) -> setScalar(k, scalar(k) + v));
        }
    }

    public void subtract(Resource o) {
        milliCpu -= o.milliCpu;
        memory -= o.memory;
        ephemeralStorage -= o.ephemeralStorage;
        allowedPodNumber -= o.allowedPodNumber;
        if (o.scalar != null) {
            o.scalar.forEach((k, v) -> setScalar(k, scalar(k) - v));
        }
    }

    /** Raises each amount to at least {@code o}'s. */
    public void setMax(Resource o) {
        milliCpu = Math.max(milliCpu, o.milliCpu);
        memory = Math.max(memory, o.memory);
        ephemeralStorage = Math.max(ephemeralStorage, o.ephemeralStorage);
        allowedPodNumber = Math.max(allowedPodNumber, o.allowedPodNumber);
        if (o.scalar != null) {
            o.scalar.forEach((k, v) -> setScalar(k, Math.max(scalar(k), v)));
        }
    }

    public Resource copy() {
        Resource r = new Resource();
        r.add(this);
        return r;
    }

    @Override
    public String toString() {
        return "Resource{cpu=" + milliCpu + "m, memory=" + memory + ", ephemeral=" + ephemeralStorage
                + ", pods=" + allowedPodNumber + (scalar == null ? "" : ", " + scalar) + "}";
    }
}
