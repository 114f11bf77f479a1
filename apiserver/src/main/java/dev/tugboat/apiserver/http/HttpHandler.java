package dev.tugboat.apiserver.http;

/**
 * Handles one request. Called on a virtual thread; may block. Must answer through the exchange;
 * exceptions escaping it are turned into a 500 by the server.
 */
@FunctionalInterface
public interface HttpHandler {

    void handle(HttpRequest request, HttpExchange exchange) throws Exception;
}
