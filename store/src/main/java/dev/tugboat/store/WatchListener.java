package dev.tugboat.store;

import java.util.List;

/**
 * Receives a watch's events. Calls for one watch are serial and in revision order, never
 * concurrent. Implementations must return quickly (hand off to a queue); they run on the
 * store's dispatch thread.
 */
public interface WatchListener {

    /** A batch of events, ordered by revision, with no gaps and no duplicates. */
    void onEvents(List<WatchEvent> events);

    /**
     * The watch ended abnormally: {@link CompactedException} when the start revision was compacted
     * away, {@link StoreException} when the backend failed. No further calls follow.
     */
    void onError(StoreException error);
}
