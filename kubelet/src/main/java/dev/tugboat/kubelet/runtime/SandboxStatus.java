package dev.tugboat.kubelet.runtime;

import java.time.Instant;

/**
 * One pod sandbox as the runtime reports it.
 *
 * @param attempt the sandbox's attempt number: 0 for the first, one more for each re-creation
 * @param ip      the pod's IP on the pod network; empty for host-network pods and dead sandboxes
 */
public record SandboxStatus(String id, boolean ready, int attempt, Instant createdAt, String ip) {
}
