/** The framework: plugin interfaces per extension point, Status, CycleState, NodeInfo, PodInfo, Snapshot. */
package dev.tugboat.scheduler.framework;
