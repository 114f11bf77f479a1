package dev.tugboat.kubelet.prober;

/** The result of running a probe once: success, or failure with the reason upstream's prober gives. */
public record ProbeOutcome(boolean success, String message) {

    public static ProbeOutcome ok() {
        return new ProbeOutcome(true, "");
    }

    public static ProbeOutcome failed(String message) {
        return new ProbeOutcome(false, message);
    }
}
