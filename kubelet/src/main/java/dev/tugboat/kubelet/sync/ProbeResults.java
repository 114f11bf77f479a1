package dev.tugboat.kubelet.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the pod sync needs from the prober: probe outcomes per container, fed with what runs. */
public interface ProbeResults {

    /** A running container instance: probes restart when the ID changes. */
    record Running(String containerId, Instant startedAt) {
    }

    /** Starts, keeps or stops the pod's probe workers for what runs now. */
    void track(JsonNode pod, Map<String, Running> running, String podIp);

    /** Whether the container's readiness probe passes (true when it has none, once started). */
    boolean ready(String podUid, String container);

    /** Whether the container's startup probe has passed (true when it has none). */
    boolean started(String podUid, String container);

    /** Why the container must be killed (a failed liveness or startup probe), if it must. */
    Optional<String> killReason(String podUid, String container);

    /** Stops every worker of the pod. */
    void forget(String podUid);
}
