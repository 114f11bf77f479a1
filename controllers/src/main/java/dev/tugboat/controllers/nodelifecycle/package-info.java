/**
 * Node lifecycle (upstream's pkg/controller/nodelifecycle) and taint-based eviction (upstream's
 * pkg/controller/tainteviction): nodes whose heartbeats (Lease renewals and the Ready condition's
 * lastHeartbeatTime) stop go Unknown and get the {@code node.kubernetes.io/unreachable} taints, their
 * pods are marked not ready, and pods that do not tolerate a node's NoExecute taints, or whose
 * tolerationSeconds run out, are deleted.
 */
package dev.tugboat.controllers.nodelifecycle;
