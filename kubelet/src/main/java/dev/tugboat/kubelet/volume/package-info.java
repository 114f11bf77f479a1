/** Pod volumes on the node: set up before containers start, mounted into them, removed with the pod. */
package dev.tugboat.kubelet.volume;
