package dev.tugboat.e2e.badinput;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One malformed or hostile request and the failure {@code Status} the server must answer with.
 *
 * @param description  what is wrong with the request, read as the test's name
 * @param contentType  null to send no Content-Type
 * @param body         null to send no body
 * @param messageWords fragments the Status message must contain: the words that name the problem
 * @param causeField   a field that {@code details.causes[].field} must name, or null
 */
record BadRequest(String description, String method, String path, String contentType, byte[] body, int code,
                  String reason, List<String> messageWords, String causeField) {

    static BadRequest of(String description, String method, String path, String contentType, String body,
                         int code, String reason, String... messageWords) {
        return new BadRequest(description, method, path, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), code, reason, List.of(messageWords),
                null);
    }

    static BadRequest ofBytes(String description, String method, String path, String contentType, byte[] body,
                              int code, String reason, String... messageWords) {
        return new BadRequest(description, method, path, contentType, body, code, reason, List.of(messageWords),
                null);
    }

    /** The same request, also requiring {@code field} among the Status causes. */
    BadRequest withCause(String field) {
        return new BadRequest(description, method, path, contentType, body, code, reason, messageWords, field);
    }

    @Override
    public String toString() {
        return description;
    }
}
