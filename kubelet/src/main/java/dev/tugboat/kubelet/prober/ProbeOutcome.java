package dev.tugboat.kubelet.prober;

import java.util.Objects;

/**
 * What one run of a probe found. {@code output} is the text upstream puts after "probe failed: " (or
 * "probe warning: ", or the error after "resulted in unknown state: ").
 *
 * @param kind   SUCCESS, WARNING (counts as success but deserves an event, e.g. a redirect to another
 *               host that was not followed), FAILURE, or ERROR when the probe could not be run at all
 *               (a port name the container lacks, the runtime not answering); upstream throws such a
 *               result away instead of counting it
 */
public record ProbeOutcome(Kind kind, String output) {

    public enum Kind { SUCCESS, WARNING, FAILURE, ERROR }

    public ProbeOutcome {
        Objects.requireNonNull(kind, "kind");
        output = output == null ? "" : output;
    }

    public static ProbeOutcome success(String output) {
        return new ProbeOutcome(Kind.SUCCESS, output);
    }

    public static ProbeOutcome warning(String output) {
        return new ProbeOutcome(Kind.WARNING, output);
    }

    public static ProbeOutcome failure(String output) {
        return new ProbeOutcome(Kind.FAILURE, output);
    }

    public static ProbeOutcome error(String message) {
        return new ProbeOutcome(Kind.ERROR, message);
    }
}
