package dev.tugboat.api.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@code meta.k8s.io/v1 Status}: what every failed request answers with, and what
 * successful deletes may answer with.
 */
public record Status(String status, int code, String reason, String message, Details details) {

    /** {@code details} of a Status; {@code kind} is the resource for most reasons, the Kind for Invalid. */
    public record Details(String name, String group, String kind, String uid, List<Cause> causes,
                          Integer retryAfterSeconds) {

        public static Details of(String name, String group, String kind) {
            return new Details(name, group, kind, null, List.of(), null);
        }
    }

    /** One cause: {@code reason} is the error type, {@code field} the path. */
    public record Cause(String reason, String message, String field) {
    }

    public static Status failure(int code, String reason, String message, Details details) {
        return new Status("Failure", code, reason, message, details);
    }

    public static Status success() {
        return new Status("Success", 0, null, null, null);
    }

    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("kind", "Status");
        o.put("apiVersion", "v1");
        o.putObject("metadata");
        o.put("status", status);
        if (message != null) {
            o.put("message", message);
        }
        if (reason != null && !reason.isEmpty()) {
            o.put("reason", reason);
        }
        if (details != null) {
            ObjectNode d = o.putObject("details");
            if (details.name() != null && !details.name().isEmpty()) {
                d.put("name", details.name());
            }
            if (details.group() != null && !details.group().isEmpty()) {
                d.put("group", details.group());
            }
            if (details.kind() != null && !details.kind().isEmpty()) {
                d.put("kind", details.kind());
            }
            if (details.uid() != null && !details.uid().isEmpty()) {
                d.put("uid", details.uid());
            }
            if (details.causes() != null && !details.causes().isEmpty()) {
                ArrayNode causes = d.putArray("causes");
                for (Cause c : details.causes()) {
                    ObjectNode co = causes.addObject();
                    if (c.reason() != null) {
                        co.put("reason", c.reason());
                    }
                    if (c.message() != null) {
                        co.put("message", c.message());
                    }
                    if (c.field() != null) {
                        co.put("field", c.field());
                    }
                }
            }
            if (details.retryAfterSeconds() != null) {
                d.put("retryAfterSeconds", details.retryAfterSeconds());
            }
        }
        if (code != 0) {
            o.put("code", code);
        }
        return o;
    }
}
