package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host tools the recipes need (gcc, busybox, apt-get, dpkg, ldd) in the C locale. */
final class Commands {

    /** What a finished command printed (stdout and stderr together) and how it exited. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited with " + exitCode
                    + (output.isBlank() ? "" : ":\n" + output.strip());
        }
    }

    private static final long TIMEOUT_SECONDS = 300;

    private Commands() {
    }

    /**
     * Runs {@code command} in {@code workDir}. A program that is not installed gives an
     * {@link ImageBuildException} naming {@code missingHint}.
     */
    static Result run(List<String> command, Path workDir, String missingHint) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ImageBuildException(command.get(0) + " is not installed or cannot run (" + e.getMessage()
                    + "); " + missingHint, e);
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ImageBuildException(String.join(" ", command) + " did not finish in "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(List.copyOf(command), process.exitValue(), output);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageBuildException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Like {@link #run}, but a non-zero exit is an {@link ImageBuildException} with {@code failureHint}. */
    static String check(List<String> command, Path workDir, String missingHint, String failureHint) throws IOException {
        Result result = run(command, workDir, missingHint);
        if (!result.ok()) {
            throw new ImageBuildException(result.describe() + "\n" + failureHint);
        }
        return result.output();
    }
}
