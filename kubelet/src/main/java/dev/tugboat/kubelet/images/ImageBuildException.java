package dev.tugboat.kubelet.images;

import java.io.IOException;

/** An offline image could not be built; the message says why and, where it can, what to install. */
public final class ImageBuildException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageBuildException(String message) {
        super(message);
    }

    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
