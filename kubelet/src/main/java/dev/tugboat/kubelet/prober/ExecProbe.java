package dev.tugboat.kubelet.prober;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The exec probe: exit code 0 passes, any other fails, a timeout fails with the runtime's "timed
 * out" text. The message is the command's output (stdout then stderr, at most 10 KiB), which is what
 * upstream shows after "probe failed: ", even when it is empty.
 */
final class ExecProbe {

    static final int MAX_OUTPUT_BYTES = 10 * 1024;

    private final ContainerExec exec;

    ExecProbe(ContainerExec exec) {
        this.exec = exec;
    }

    ProbeOutcome run(String containerId, List<String> command, Duration timeout) {
        ContainerExec.Result result;
        try {
            result = exec.execSync(containerId, command, timeout);
        } catch (ContainerExec.TimedOut e) {
            return ProbeOutcome.failure(e.getMessage());
        } catch (RuntimeException e) {
            return ProbeOutcome.error(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        String output = limitedOutput(result.stdout(), result.stderr());
        return result.exitCode() == 0 ? ProbeOutcome.success(output) : ProbeOutcome.failure(output);
    }

    private static String limitedOutput(byte[] stdout, byte[] stderr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stdout, 0, Math.min(stdout.length, MAX_OUTPUT_BYTES));
        out.write(stderr, 0, Math.min(stderr.length, MAX_OUTPUT_BYTES - out.size()));
        return out.toString(StandardCharsets.UTF_8);
    }
}
