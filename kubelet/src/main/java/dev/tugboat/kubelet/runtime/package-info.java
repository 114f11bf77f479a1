/**
 * What a container runtime reports about a pod, in the kubelet's own terms (CRI-neutral records), so
 * that the decisions made from it are pure and testable without a runtime.
 */
package dev.tugboat.kubelet.runtime;
