package dev.tugboat.kubelet.prober;

import java.time.Duration;
import java.util.List;

/** Runs a command to completion inside a running container (CRI ExecSync). */
public interface ContainerExec {

    /** What the command did; the output streams as the runtime returned them. */
    record Result(int exitCode, byte[] stdout, byte[] stderr) {
    }

    /**
     * @throws TimedOut         when the command did not finish within {@code timeout}
     * @throws RuntimeException when the runtime could not run it at all
     */
    Result execSync(String containerId, List<String> command, Duration timeout);

    /** The command outlived its timeout: for a probe, a failure rather than an error. */
    final class TimedOut extends RuntimeException {
        public TimedOut(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
