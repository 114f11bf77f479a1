package dev.tugboat.store;

/** One change delivered to a watcher, in revision order. */
public sealed interface WatchEvent {

    /** The revision at which this event happened (or, for progress, up to which all events were delivered). */
    long revision();

    /** A key was created or updated; {@code prev} is its previous value or null if it was created. */
    record Put(KeyValue kv, KeyValue prev) implements WatchEvent {
        @Override
        public long revision() {
            return kv.modRevision();
        }
    }

    /** A key was deleted at {@code revision}; {@code prev} is its last value. */
    record Delete(KeyValue prev, long revision) implements WatchEvent {
    }

    /** Every event with a revision up to and including {@code revision} has been delivered. */
    record Progress(long revision) implements WatchEvent {
    }
}
