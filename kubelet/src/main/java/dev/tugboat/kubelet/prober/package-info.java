/**
 * The kubelet's probes: liveness, readiness and startup, each exec (through CRI), httpGet, tcpSocket or
 * gRPC health, run by a worker per container and probe on the probe's own timing, with upstream's
 * thresholds and messages.
 */
package dev.tugboat.kubelet.prober;
