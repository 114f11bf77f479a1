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
    private final JsonParser parser;
    private volatile boolean closed;

    HttpWatch(InputStream in) {
        this.in = in;
        try {
            this.parser = Json.MAPPER.createParser(in);
        } catch (IOException e) {
            throw new TransportException("watch: cannot read the stream", e);
        }
    }

    @Override
    public WatchEvent next() {
        try {
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
