/**
 * Keeping the node's pods in step with the API: a work queue of pods, each sync planning and carrying
 * out sandbox and container actions through the runtime and writing the pod's status back.
 */
package dev.tugboat.kubelet.sync;
