/** The pod status a kubelet reports, computed from the spec and what the runtime has (pure). */
package dev.tugboat.kubelet.status;
