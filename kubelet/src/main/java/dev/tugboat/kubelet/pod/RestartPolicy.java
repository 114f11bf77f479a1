package dev.tugboat.kubelet.pod;

/** A pod's restartPolicy. */
public enum RestartPolicy {
    ALWAYS, ON_FAILURE, NEVER;

    public static RestartPolicy of(String wire) {
        return switch (wire) {
            case "Never" -> NEVER;
            case "OnFailure" -> ON_FAILURE;
            default -> ALWAYS;
        };
    }

    /** Whether a container that exited with {@code exitCode} is started again. */
    public boolean restarts(int exitCode) {
        return this == ALWAYS || this == ON_FAILURE && exitCode != 0;
    }
}
