/**
 * Container probes, as upstream's kubelet prober: the probe kinds (exec through CRI ExecSync,
 * httpGet, tcpSocket, grpc health) turned into Success/Failure with upstream's messages, one worker
 * per container and probe type that applies the probe's timing and thresholds, and a manager the pod
 * sync asks whether a container is ready, started, or must be killed.
 */
package dev.tugboat.kubelet.prober;
