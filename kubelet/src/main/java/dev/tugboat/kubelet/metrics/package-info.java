/** The kubelet's resource metrics: node, pod and container CPU and memory in the /metrics/resource format. */
package dev.tugboat.kubelet.metrics;
