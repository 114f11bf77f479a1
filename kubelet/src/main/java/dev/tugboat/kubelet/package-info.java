/**
 * The node agent: a kubelet that runs the pods bound to its node as real containers through
 * containerd's CRI, with images imported from local archives.
 */
package dev.tugboat.kubelet;
