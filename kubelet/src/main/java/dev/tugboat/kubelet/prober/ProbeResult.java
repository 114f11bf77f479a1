package dev.tugboat.kubelet.prober;

/** A worker's standing verdict for one container instance (upstream's results.Result). */
public enum ProbeResult {
    SUCCESS, FAILURE, UNKNOWN
}
