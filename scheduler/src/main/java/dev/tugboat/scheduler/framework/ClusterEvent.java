package dev.tugboat.scheduler.framework;

/**
 * A change in the cluster that may make unschedulable pods schedulable (upstream's
 * {@code framework.ClusterEvent}); plugins register the events that can resolve their rejections.
 */
public enum ClusterEvent {
    ASSIGNED_POD_ADD,
    ASSIGNED_POD_UPDATE,
    ASSIGNED_POD_DELETE,
    NODE_ADD,
    NODE_UPDATE,
    NODE_DELETE,
    PVC_CHANGE,
    PV_CHANGE,
    STORAGE_CLASS_CHANGE,
    NAMESPACE_CHANGE,
    /** Not a cluster change: unschedulable pods waited long enough and are retried anyway. */
    UNSCHEDULABLE_TIMEOUT
}
