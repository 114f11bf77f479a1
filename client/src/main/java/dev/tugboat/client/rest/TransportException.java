package dev.tugboat.client.rest;

/**
 * The request did not get an answer: connection refused or reset, a timeout, an unreadable body, or
 * the calling thread was interrupted (its interrupt flag is then set again).
 */
public final class TransportException extends RuntimeException {

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
