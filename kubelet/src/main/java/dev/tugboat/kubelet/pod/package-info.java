/**
 * Deciding what to do with a pod: from its spec and what the runtime has, which sandbox to create and
 * which containers to start or kill (upstream's computePodActions), as pure code.
 */
package dev.tugboat.kubelet.pod;
