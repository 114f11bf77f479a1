/**
 * The kube-scheduler: {@link dev.tugboat.scheduler.Scheduler} wires informers, the scheduling queue,
 * the cache and the plugin framework; {@link dev.tugboat.scheduler.SchedulingAlgorithm} is one pod's
 * decision over a snapshot.
 */
package dev.tugboat.scheduler;
