/**
 * KWOK-like simulated nodes: {@link dev.tugboat.simnode.SimulatedNodes} registers Nodes, keeps their
 * Leases and status fresh, and drives the pods bound to them as a kubelet would (Running and Ready with
 * a pod IP from the node's podCIDR, exits, restarts with CrashLoopBackOff, graceful deletion), all
 * through the API, so the control plane cannot tell them from real kubelets. No container ever runs; what
 * the containers use comes from an annotation, and one loopback endpoint serves every node's resource
 * metrics in the kubelet's format ({@link dev.tugboat.simnode.ResourceMetricsServer}).
 *
 * <p>Pure cores ({@link dev.tugboat.simnode.SimulatedPod}, {@link dev.tugboat.simnode.PodStatusBuilder},
 * {@link dev.tugboat.simnode.NodeStatusBuilder}, {@link dev.tugboat.simnode.AddressPool},
 * {@link dev.tugboat.kubelet.pod.RestartBackoff}) take the time as an argument; the I/O is in
 * {@link dev.tugboat.simnode.SimulatedNodes}, {@link dev.tugboat.simnode.PodSync} and
 * {@link dev.tugboat.simnode.NodeHeartbeat}. The annotations that steer the simulation are in
 * {@link dev.tugboat.simnode.SimAnnotations}.
 */
package dev.tugboat.simnode;
