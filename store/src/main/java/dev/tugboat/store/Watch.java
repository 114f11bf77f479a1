package dev.tugboat.store;

/** A running watch. Closing it is idempotent; no events are delivered after {@link #close()} returns. */
public interface Watch extends AutoCloseable {

    /**
     * Asks the store to deliver a {@link WatchEvent.Progress} with its current revision, after all
     * events up to that revision (used to prove a cache is fresh for consistent reads).
     */
    void requestProgress();

    @Override
    void close();
}
