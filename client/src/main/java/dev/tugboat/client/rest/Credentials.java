package dev.tugboat.client.rest;

import java.net.http.HttpRequest;

/**
 * Adds authentication to an outgoing request (a bearer token, for instance). Called for every request,
 * so a rotating token is picked up; must be thread-safe and must not block for long.
 */
@FunctionalInterface
public interface Credentials {

    /** No authentication. */
    Credentials NONE = request -> { };

    /** Sends {@code Authorization: Bearer <token>}. */
    static Credentials bearer(String token) {
        return request -> request.setHeader("Authorization", "Bearer " + token);
    }

    void apply(HttpRequest.Builder request);
}
