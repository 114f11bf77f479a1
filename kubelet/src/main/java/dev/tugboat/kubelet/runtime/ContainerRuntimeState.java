package dev.tugboat.kubelet.runtime;

/** The states CRI gives a container. */
public enum ContainerRuntimeState {
    CREATED, RUNNING, EXITED, UNKNOWN
}
