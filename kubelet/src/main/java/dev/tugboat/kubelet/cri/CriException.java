package dev.tugboat.kubelet.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A CRI call that failed: the method, the gRPC status code and the runtime's own message. The
 * message is what the kubelet shows to users (e.g. in an ErrImagePull or RunContainerError
 * status), so it is the runtime's text without gRPC decoration.
 */
public final class CriException extends RuntimeException {

    private final String method;
    private final Status.Code code;

    public CriException(String method, Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.method = method;
        this.code = code;
    }

    static CriException from(String method, StatusRuntimeException failure) {
        Status status = failure.getStatus();
        String description = status.getDescription();
        String message = description == null || description.isBlank()
                ? method + " failed: " + status.getCode()
                : description;
        return new CriException(method, status.getCode(), message, failure);
    }

    /** The CRI method that failed, e.g. "RunPodSandbox". */
    public String method() {
        return method;
    }

    /** The gRPC status code, e.g. NOT_FOUND for a container the runtime does not know. */
    public Status.Code code() {
        return code;
    }

    public boolean isNotFound() {
        return code == Status.Code.NOT_FOUND;
    }

    /** The runtime did not answer: not running, a wrong socket, or the deadline passed. */
    public boolean isUnavailable() {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }
}
