package dev.tugboat.client.rest;

/**
 * An open watch: a stream of {@link WatchEvent}s read one at a time. Reading is for one consumer
 * thread; {@link #close()} may be called from any thread and makes a blocked {@link #next()} return.
 */
public interface Watch extends AutoCloseable {

    /**
     * Blocks for the next event.
     *
     * @return the event, or null when the stream ended (the server's timeout, or {@link #close()})
     * @throws TransportException if the connection failed or the stream is not valid JSON
     */
    WatchEvent next();

    /** Ends the watch. Idempotent. */
    @Override
    void close();
}
