package dev.tugboat.kubelet.server;

/** Where log output goes: the HTTP response, or a buffer in tests. */
interface LogSink {

    /**
     * Writes bytes (possibly buffered until {@link #flush}).
     *
     * @return false if the reader went away
     */
    boolean write(byte[] bytes, int offset, int length);

    /**
     * Sends what was written so far.
     *
     * @return false if the reader went away
     */
    boolean flush();

    /** Whether the reader is still there. */
    boolean isOpen();
}
