package dev.tugboat.client.informer;

/** A handler added to an informer. Thread-safe. */
public interface HandlerRegistration {

    /**
     * True once the informer has synced and this handler has been delivered every notification of the
     * initial state (client-go's registration HasSynced). Controllers wait for this before their workers
     * start. Stays true afterwards.
     */
    boolean hasSynced();
}
