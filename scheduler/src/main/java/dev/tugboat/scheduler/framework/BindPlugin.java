package dev.tugboat.scheduler.framework;

/** Binds the pod to the node; runs on a binding thread and may block on I/O. */
public interface BindPlugin extends Plugin {

    Status bind(CycleState state, PodInfo pod, String nodeName);
}
