package dev.tugboat.kubelet.server;

import java.nio.file.Path;

/**
 * Where the kubelet keeps a container's log: the seam between the kubelet's HTTP server and whatever
 * knows the pods on this node (the kubelet core, or a test). Implementations must be thread-safe; they
 * are asked from the threads serving requests.
 */
public interface ContainerLogs {

    /** The answer to {@link #find}. */
    sealed interface Lookup permits Found, Unavailable {
    }

    /**
     * The CRI log file of one container instance.
     *
     * @param containerId the runtime's id of that instance, asked about again through {@link #isRunning}
     */
    record Found(Path file, String containerId) implements Lookup {
    }

    /**
     * No log to show, with the message the user sees, e.g. {@code pod "p" does not exist},
     * {@code container "x" in pod "p" is waiting to start: ContainerCreating} or
     * {@code previous terminated container "x" in pod "p" not found}.
     */
    record Unavailable(Reason reason, String message) implements Lookup {
    }

    /** Why there is no log; decides the HTTP status the kubelet answers with. */
    enum Reason {
        /** The pod is not on this node (404). */
        POD_NOT_FOUND(404),
        /** The pod has no container of that name (404). */
        CONTAINER_NOT_FOUND(404),
        /** The container exists but has no log yet, or no previous instance (400). */
        NOT_AVAILABLE(400);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /**
     * The log of the current instance of a container (the running one, else the last one that ran), or
     * with {@code previous} of the instance before it, as upstream's kubelet picks them.
     */
    Lookup find(String namespace, String pod, String container, boolean previous);

    /**
     * Whether that container instance is still running, so its log may still grow. A follower ends once
     * this is false and it has read the file to its end.
     */
    boolean isRunning(String containerId);
}
