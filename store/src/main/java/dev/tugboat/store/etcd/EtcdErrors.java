package dev.tugboat.store.etcd;

import dev.tugboat.store.CompactedException;
import dev.tugboat.store.FutureRevisionException;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreException;

/** Turns etcd's errors into the store's exceptions. etcd reports both revision errors as OUT_OF_RANGE with fixed texts. */
final class EtcdErrors {

    static final String COMPACTED = "required revision has been compacted";
    static final String FUTURE = "required revision is a future revision";

    private EtcdErrors() {
    }

    /**
     * @param requestedRevision the revision the request asked for (for the exception's message)
     * @param store             asked for the compacted or current revision to complete the exception
     */
    static StoreException translate(Throwable error, long requestedRevision, Store store) {
        if (error instanceof StoreException storeException) {
            return storeException;
        }
        String message = String.valueOf(error.getMessage());
        if (message.contains(COMPACTED)) {
            return new CompactedException(requestedRevision, store.compactedRevision());
        }
        if (message.contains(FUTURE)) {
            return new FutureRevisionException(requestedRevision, store.currentRevision());
        }
        return new StoreException("etcd request failed: " + message, error);
    }
}
