package dev.tugboat.simnode;

import java.time.Instant;

/** The state of one simulated container instance. */
sealed interface ContainerState {

    /** Its process runs. */
    record Running(Instant startedAt) implements ContainerState {
    }

    /**
     * Its process has exited.
     *
     * @param reason {@code Completed} for exit code 0, {@code Error} otherwise (what CRI runtimes report)
     */
    record Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt, String containerId)
            implements ContainerState {

        static Terminated exited(int exitCode, Instant startedAt, Instant finishedAt, String containerId) {
            return new Terminated(exitCode, exitCode == 0 ? "Completed" : "Error", startedAt, finishedAt,
                    containerId);
        }
    }
}
