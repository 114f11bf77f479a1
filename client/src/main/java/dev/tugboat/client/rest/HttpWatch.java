package dev.tugboat.client.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.InputStream;

/** A watch over an HTTP response body: one JSON event after another, read as they arrive. */
final class HttpWatch implements Watch {

    private final InputStream in;
    /** Created on the first read: creating it reads the first bytes, which may take a while to come. */
    private JsonParser parser;
    private volatile boolean closed;

    HttpWatch(InputStream in) {
        this.in = in;
    }

    @Override
    public WatchEvent next() {
        try {
            if (parser == null) {
                parser = Json.MAPPER.createParser(in);
            }
            JsonToken t = parser.nextToken();
            if (t == null) {
                return null;
            }
            JsonNode ev = Json.MAPPER.readTree(parser);
            if (!(ev instanceof ObjectNode o) || !(o.get("object") instanceof ObjectNode obj)) {
                throw new TransportException("watch: malformed event " + ev, null);
            }
            WatchEvent.Type type;
            try {
                type = WatchEvent.Type.valueOf(o.path("type").asText());
            } catch (IllegalArgumentException e) {
                throw new TransportException("watch: unknown event type " + o.path("type"), e);
            }
            return new WatchEvent(type, obj);
        } catch (IOException e) {
            if (closed) {
                return null;
            }
            throw new TransportException("watch: " + e, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // Closing only releases the connection; nothing to report.
        }
    }
}
