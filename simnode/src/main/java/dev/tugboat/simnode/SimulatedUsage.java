package dev.tugboat.simnode;

import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the containers of one pod use, from {@link SimAnnotations#SIMULATED_USAGE}: a default for every
 * container and overrides by container name; a resource a part does not name falls back to the default
 * part, then to {@link #IDLE}. Pure and immutable.
 */
record SimulatedUsage(Partial defaults, Map<String, Partial> byContainer) {

    /** A container nobody told to do anything: no CPU, 1Mi of memory (a sleeping process). */
    static final Usage IDLE = new Usage(0, 1L << 20);

    /** One container's usage: CPU in nanocores, memory working set in bytes. */
    record Usage(long cpuNanoCores, long memoryBytes) {
    }

    /** The resources one part of the annotation names (null where it names none). */
    record Partial(Long cpuNanoCores, Long memoryBytes) {
        static final Partial NONE = new Partial(null, null);

        Partial over(Partial base) {
            return new Partial(cpuNanoCores != null ? cpuNanoCores : base.cpuNanoCores,
                    memoryBytes != null ? memoryBytes : base.memoryBytes);
        }
    }

    static final SimulatedUsage NONE = new SimulatedUsage(Partial.NONE, Map.of());

    SimulatedUsage {
        byContainer = Map.copyOf(byContainer);
    }

    /** The usage of container {@code name}. */
    Usage of(String name) {
        Partial p = byContainer.getOrDefault(name, Partial.NONE).over(defaults);
        return new Usage(p.cpuNanoCores() != null ? p.cpuNanoCores() : IDLE.cpuNanoCores(),
                p.memoryBytes() != null ? p.memoryBytes() : IDLE.memoryBytes());
    }

    /** Reads the annotation's value; {@link #NONE} when absent or malformed. */
    static SimulatedUsage parse(String annotation) {
        return annotation == null || annotation.isBlank() ? NONE : tryParse(annotation).orElse(NONE);
    }

    /** The annotation's value, or empty when it is malformed. */
    static Optional<SimulatedUsage> tryParse(String annotation) {
        Partial defaults = Partial.NONE;
        Map<String, Partial> byContainer = new HashMap<>();
        for (String part : annotation.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            String container = colon < 0 ? null : p.substring(0, colon).trim();
            Optional<Partial> resources = resources(colon < 0 ? p : p.substring(colon + 1));
            if (resources.isEmpty() || container != null && container.isEmpty()) {
                return Optional.empty();
            }
            if (container == null) {
                defaults = resources.get().over(defaults);
            } else {
                byContainer.merge(container, resources.get(), Partial::over);
            }
        }
        return Optional.of(new SimulatedUsage(defaults, byContainer));
    }

    /** {@code cpu=250m,memory=64Mi}. */
    private static Optional<Partial> resources(String text) {
        Long cpu = null;
        Long memory = null;
        for (String entry : text.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String key = e.substring(0, eq).trim();
            Optional<Long> amount = switch (key) {
                case "cpu" -> amount(e.substring(eq + 1), BigDecimal.valueOf(1_000_000_000L));
                case "memory" -> amount(e.substring(eq + 1), BigDecimal.ONE);
                default -> Optional.empty();
            };
            if (amount.isEmpty()) {
                return Optional.empty();
            }
            if (key.equals("cpu")) {
                cpu = amount.get();
            } else {
                memory = amount.get();
            }
        }
        return Optional.of(new Partial(cpu, memory));
    }

    /** A non-negative quantity times {@code unit}, rounded up to a whole number (nanocores, bytes). */
    private static Optional<Long> amount(String text, BigDecimal unit) {
        try {
            Quantity q = Quantity.parse(text.trim());
            if (q.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(q.decimal().multiply(unit).setScale(0, RoundingMode.CEILING).longValueExact());
        } catch (QuantityFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
