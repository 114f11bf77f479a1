package dev.tugboat.scheduler.framework;

/** Work that must be done before the binding (e.g. volume provisioning hints); runs on a binding thread. */
public interface PreBindPlugin extends Plugin {

    Status preBind(CycleState state, PodInfo pod, String nodeName);
}
