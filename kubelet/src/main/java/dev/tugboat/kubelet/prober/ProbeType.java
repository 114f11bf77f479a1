package dev.tugboat.kubelet.prober;

/** The three probes a container may have, with the spec field each lives in. */
public enum ProbeType {
    LIVENESS("Liveness", "livenessProbe"),
    READINESS("Readiness", "readinessProbe"),
    STARTUP("Startup", "startupProbe");

    private final String label;
    private final String field;

    ProbeType(String label, String field) {
        this.label = label;
        this.field = field;
    }

    /** How events name the probe, e.g. "Liveness" in "Liveness probe failed: ...". */
    public String label() {
        return label;
    }

    /** The container field holding this probe, e.g. {@code livenessProbe}. */
    public String field() {
        return field;
    }

    /**
     * The value before the first counted result: a container is not ready until a readiness probe
     * passes, and alive until a liveness probe fails. A startup probe has no verdict yet (upstream's
     * Unknown), which does not count as started.
     */
    ProbeResult initialResult() {
        return switch (this) {
            case READINESS -> ProbeResult.FAILURE;
            case LIVENESS -> ProbeResult.SUCCESS;
            case STARTUP -> ProbeResult.UNKNOWN;
        };
    }

    /** Liveness and startup failures get the container killed; readiness failures do not. */
    boolean failureKills() {
        return this != READINESS;
    }
}
