package dev.tugboat.kubelet.prober;

/** A probe that cannot be run as specified (no such named port, no pod IP yet): an ERROR outcome. */
final class ProbeSetupException extends RuntimeException {
    ProbeSetupException(String message) {
        super(message);
    }
}
