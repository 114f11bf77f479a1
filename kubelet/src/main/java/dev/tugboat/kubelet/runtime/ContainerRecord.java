package dev.tugboat.kubelet.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * One container instance as the runtime reports it. Each (re)start of a pod's container is a new
 * instance with the next attempt number, so the attempt is the container's restart count.
 *
 * @param startedAt  empty until the container has started
 * @param finishedAt empty until the container has exited
 * @param reason     the runtime's reason for an exit, e.g. Completed, Error, OOMKilled
 * @param imageRef   the image's digest reference, the API's {@code imageID}
 * @param specHash   the hash of the container spec it was created from (see ContainerHash)
 */
public record ContainerRecord(String id, String name, ContainerRuntimeState state, int attempt, Instant createdAt,
                              Optional<Instant> startedAt, Optional<Instant> finishedAt, int exitCode, String reason,
                              String message, String image, String imageRef, String specHash) {

    public boolean isRunning() {
        return state == ContainerRuntimeState.RUNNING;
    }

    public boolean isExited() {
        return state == ContainerRuntimeState.EXITED;
    }
}
