package dev.tugboat.kubelet.status;

/**
 * Why a container is not running although it should: the reason and message kubectl shows, e.g.
 * ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError, RunContainerError.
 */
public record Waiting(String reason, String message) {
}
