package dev.tugboat.simnode;

/** The annotations that mark and steer simulated nodes and the pods on them. */
public final class SimAnnotations {

    /** On a Node, {@code "true"}: the node is simulated (managed by {@link SimulatedNodes}). */
    public static final String SIMULATED = "tugboat.dev/simulated";

    /** On a Node, {@code "stopped"}: the simulated machine is dead (no lease, no status, no pod updates). */
    public static final String HEARTBEAT = "tugboat.dev/heartbeat";

    /** The value of {@link #HEARTBEAT} that stops a node. */
    public static final String HEARTBEAT_STOPPED = "stopped";

    /** On a Pod, a Go duration ({@code 5s}, {@code 1m30s}): its containers exit that long after they start. */
    public static final String EXIT_AFTER = "tugboat.dev/simulated-exit-after";

    /** On a Pod, the exit code of {@link #EXIT_AFTER} (default 0). */
    public static final String EXIT_CODE = "tugboat.dev/simulated-exit-code";

    /**
     * On a Pod, {@code "true"}: on deletion its containers take the whole grace period to stop, instead
     * of stopping at once.
     */
    public static final String GRACEFUL_TERMINATION = "tugboat.dev/simulated-graceful-termination";

    /**
     * On a Pod, the resources each of its running containers uses, as the resource metrics endpoint reports
     * them: {@code cpu=250m,memory=64Mi} for every container, or per container
     * {@code web:cpu=250m,memory=64Mi;sidecar:cpu=10m} (a part without a name sets the default of the
     * others). Read at every scrape, so {@code kubectl annotate --overwrite} changes the load at runtime.
     * Without it (or when malformed) a container uses no CPU and 1Mi of memory.
     */
    public static final String SIMULATED_USAGE = "tugboat.dev/simulated-usage";

    private SimAnnotations() {
    }
}
