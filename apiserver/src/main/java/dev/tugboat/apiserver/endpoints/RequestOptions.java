package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.registry.DeleteOptions;
import java.util.List;
import java.util.OptionalLong;

/** Parsing and validation of the query parameters and option bodies shared by write requests. */
public final class RequestOptions {

    /** How unknown and duplicate fields are treated ({@code fieldValidation}). */
    public enum FieldValidation { STRICT, WARN, IGNORE }

    private RequestOptions() {
    }

    /** {@code dryRun}: absent, or exactly "All". */
    public static boolean dryRun(HttpRequest req) {
        List<String> values = req.params("dryRun");
        for (String v : values) {
            if (!v.equals("All")) {
                throw new ApiException.BadRequest("Invalid dry run value: dryRun: Unsupported value: \"" + v
                        + "\": supported values: \"All\"");
            }
        }
        return !values.isEmpty();
    }

    /**
     * {@code fieldManager}, or the User-Agent up to its first {@code /} (upstream's default), at most
     * 128 printable characters.
     */
    public static String fieldManager(HttpRequest req) {
        String m = req.param("fieldManager");
        if (m != null) {
            if (m.length() > 128) {
                throw new ApiException.BadRequest("fieldManager: Too long: must have at most 128 bytes");
            }
            for (int i = 0; i < m.length(); i++) {
                char c = m.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw new ApiException.BadRequest("fieldManager: Invalid value: "
                            + dev.tugboat.api.errors.GoValues.quote(m) + ": must only contain printable characters");
                }
            }
            return m;
        }
        String ua = req.header("User-Agent");
        if (ua == null || ua.isEmpty()) {
            return "unknown";
        }
        int slash = ua.indexOf('/');
        String name = slash >= 0 ? ua.substring(0, slash) : ua;
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c >= 0x20 && c != 0x7f) {
                sb.append(c);
            }
        }
        String out = sb.length() > 128 ? sb.substring(0, 128) : sb.toString();
        return out.isEmpty() ? "unknown" : out;
    }

    /** {@code fieldValidation}: Strict, Warn (the default) or Ignore. */
    public static FieldValidation fieldValidation(HttpRequest req) {
        String v = req.param("fieldValidation");
        if (v == null || v.isEmpty()) {
            return FieldValidation.WARN;
        }
        return switch (v) {
            case "Strict" -> FieldValidation.STRICT;
            case "Warn" -> FieldValidation.WARN;
            case "Ignore" -> FieldValidation.IGNORE;
            default -> throw new ApiException.BadRequest("fieldValidation: Unsupported value: \"" + v
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
    }

    /** DeleteOptions from a body (JSON object) merged with query parameters. */
    public static DeleteOptions deleteOptions(HttpRequest req, JsonNode body) {
        OptionalLong grace = OptionalLong.empty();
        String uid = null;
        String rv = null;
        String policy = null;
        Boolean orphan = null;
        boolean dryRun = dryRun(req);
        if (body != null && !body.isObject() && !body.isNull()) {
            // Go's decoder cannot put an array, string or number into a DeleteOptions struct.
            throw new ApiException.BadRequest("json: cannot unmarshal " + jsonKind(body)
                    + " into Go value of type v1.DeleteOptions");
        }
        if (body != null && body.isObject()) {
            JsonNode g = body.get("gracePeriodSeconds");
            if (g != null && !g.isNull()) {
                if (!g.canConvertToLong() || !g.isIntegralNumber()) {
                    throw new ApiException.BadRequest("gracePeriodSeconds must be an integer");
                }
                grace = OptionalLong.of(g.asLong());
            }
            JsonNode pre = body.path("preconditions");
            if (pre.hasNonNull("uid")) {
                uid = pre.get("uid").asText();
            }
            if (pre.hasNonNull("resourceVersion")) {
                rv = pre.get("resourceVersion").asText();
            }
            if (body.hasNonNull("propagationPolicy")) {
                policy = body.get("propagationPolicy").asText();
            }
            if (body.hasNonNull("orphanDependents")) {
                orphan = body.get("orphanDependents").asBoolean();
            }
            JsonNode dr = body.get("dryRun");
            if (dr != null && dr.isArray()) {
                for (JsonNode d : dr) {
                    if (!d.asText().equals("All")) {
                        throw new ApiException.BadRequest("Invalid dry run value: dryRun: Unsupported value: \""
                                + d.asText() + "\": supported values: \"All\"");
                    }
                    dryRun = true;
                }
            }
        }
        String q = req.param("gracePeriodSeconds");
        if (q != null) {
            try {
                grace = OptionalLong.of(Long.parseLong(q));
            } catch (NumberFormatException e) {
                throw new ApiException.BadRequest("gracePeriodSeconds: invalid value \"" + q + "\": must be an integer");
            }
        }
        if (req.param("propagationPolicy") != null) {
            policy = req.param("propagationPolicy");
        }
        if (req.param("orphanDependents") != null) {
            orphan = queryBool(req.param("orphanDependents"));
        }
        if (orphan != null) {
            if (policy != null) {
                throw new ApiException.Invalid("meta.k8s.io", "DeleteOptions", "", List.of(
                        dev.tugboat.api.errors.FieldError.invalid(dev.tugboat.api.errors.FieldPath.root(
                                "propagationPolicy"), policy, "orphanDependents and deletionPropagation are mutually exclusive")));
            }
            policy = orphan ? "Orphan" : "Background";
        }
        if (policy != null && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
            throw new ApiException.Invalid("meta.k8s.io", "DeleteOptions", "", List.of(
                    dev.tugboat.api.errors.FieldError.notSupported(dev.tugboat.api.errors.FieldPath.root(
                            "propagationPolicy"), policy, List.of("Foreground", "Background", "Orphan"))));
        }
        if (grace.isPresent() && grace.getAsLong() < 0) {
            // As upstream: a negative grace period means "immediately".
            grace = OptionalLong.of(0);
        }
        return new DeleteOptions(grace, uid, rv, policy, dryRun);
    }

    private static String jsonKind(JsonNode n) {
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "number";
    }

    /** A non-negative integer query parameter, or {@code dflt} when absent. */
    public static long longParam(HttpRequest req, String name, long dflt) {
        String v = req.param(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(name + ": Invalid value: \"" + v + "\": must be a non-negative integer");
        }
    }

    /** A boolean query parameter, read as {@link #queryBool}; {@code dflt} when absent. */
    public static boolean boolParam(HttpRequest req, String name, boolean dflt) {
        String v = req.param(name);
        return v == null ? dflt : queryBool(v);
    }

    /**
     * Upstream's conversion of a present boolean query value: only "0" and "false" (any case) are
     * false; anything else, the empty string included, is true. Absent (null) is false.
     */
    public static boolean queryBool(String value) {
        return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
