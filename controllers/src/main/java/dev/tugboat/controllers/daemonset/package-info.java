/**
 * The DaemonSet controller (upstream's pkg/controller/daemon): one pod per eligible node, pinned to
 * its node by required node affinity and left to the scheduler to bind; RollingUpdate (maxUnavailable,
 * maxSurge) and OnDelete updates; history in ControllerRevisions so that {@code kubectl rollout}
 * works. Pure parts: {@link dev.tugboat.controllers.daemonset.NodeEligibility},
 * {@link dev.tugboat.controllers.daemonset.DaemonPods}, {@link dev.tugboat.controllers.daemonset.NodePlan},
 * {@link dev.tugboat.controllers.daemonset.RollingUpdate} and
 * {@link dev.tugboat.controllers.daemonset.DaemonSetStatus}.
 */
package dev.tugboat.controllers.daemonset;
