package dev.tugboat.store;

/** The backend failed (I/O error, unreachable etcd, closed store). Not used for expected outcomes. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
