package dev.tugboat.kubelet.pod;

/**
 * A container's configuration cannot be assembled (a missing ConfigMap, Secret or key it references):
 * the container waits with reason CreateContainerConfigError and this message, as upstream's.
 */
public final class ContainerConfigError extends Exception {

    private static final long serialVersionUID = 1L;

    public ContainerConfigError(String message) {
        super(message);
    }
}
