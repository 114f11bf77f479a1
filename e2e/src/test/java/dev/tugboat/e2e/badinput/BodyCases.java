package dev.tugboat.e2e.badinput;

import static dev.tugboat.e2e.badinput.Fixtures.CONFIGMAPS;
import static dev.tugboat.e2e.badinput.Fixtures.DEPLOYMENTS;
import static dev.tugboat.e2e.badinput.Fixtures.EVENTS;
import static dev.tugboat.e2e.badinput.Fixtures.JSON;
import static dev.tugboat.e2e.badinput.Fixtures.PODS;
import static dev.tugboat.e2e.badinput.Fixtures.SECRETS;
import static dev.tugboat.e2e.badinput.Fixtures.YAML;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Bodies that are not a decodable object: broken JSON and YAML, parser bombs, numbers no Go type
 * holds, duplicate keys under Strict, empty and non-object bodies, and bodies over the size limit.
 */
final class BodyCases {

    private static final String BAD_JSON = "not valid JSON";
    private static final String BAD_YAML = "not valid YAML";

    private BodyCases() {
    }

    static List<BadRequest> all() {
        List<BadRequest> out = new ArrayList<>();
        truncatedJson(out);
        malformedJson(out);
        binaryJunk(out);
        nesting(out);
        numbers(out);
        duplicates(out);
        malformedYaml(out);
        notAnObject(out);
        oversize(out);
        return out;
    }

    private static BadRequest post(String description, String path, String contentType, String body, int code,
                                   String reason, String... words) {
        return BadRequest.of(description, "POST", path, contentType, body, code, reason, words);
    }

    /** Every proper prefix of a valid Pod is incomplete JSON. */
    private static void truncatedJson(List<BadRequest> out) {
        String pod = Fixtures.pod("truncated").toString();
        for (int cut = 1; cut < pod.length(); cut += 7) {
            out.add(post("JSON Pod truncated after " + cut + " of " + pod.length() + " bytes", PODS, JSON,
                    pod.substring(0, cut), 400, "BadRequest", BAD_JSON));
        }
    }

    private static void malformedJson(List<BadRequest> out) {
        String cm = Fixtures.configMap("malformed").toString();
        String[][] bodies = {
                {"trailing garbage after the object", cm + " xx"},
                {"a second closing brace", cm + "}"},
                {"a second object after the first", cm + "{}"},
                {"a comma and a second object", cm + ",{}"},
                {"a trailing array", cm + "[]"},
                {"single-quoted strings", "{'metadata':{'name':'q'}}"},
                {"unquoted keys", "{metadata:{name:\"q\"}}"},
                {"backtick strings", "{`metadata`:{}}"},
                {"typographic quotes", "{\u201cmetadata\u201d:{}}"},
                {"a trailing comma in an object", "{\"metadata\":{\"name\":\"q\"},}"},
                {"a trailing comma in a list", "{\"metadata\":{\"name\":\"q\",\"finalizers\":[\"a\",]}}"},
                {"a line comment", "{\"metadata\":{\"name\":\"q\"} // note\n}"},
                {"a block comment", "{/* c */\"metadata\":{\"name\":\"q\"}}"},
                {"a missing colon", "{\"metadata\" {\"name\":\"q\"}}"},
                {"a missing comma", "{\"metadata\":{\"name\":\"q\"} \"data\":{}}"},
                {"a missing closing brace", "{\"metadata\":{\"name\":\"q\"}"},
                {"a bad string escape", "{\"metadata\":{\"name\":\"q\\x\"}}"},
                {"a short unicode escape", "{\"metadata\":{\"name\":\"q\\u12\"}}"},
                {"a raw control character in a string", "{\"metadata\":{\"name\":\"a\u0001b\"}}"},
                {"an unterminated string", "{\"metadata\":{\"name\":\"q}}"},
                {"a bare word value", "{\"metadata\":{\"name\":q}}"},
                {"undefined as a value", "{\"data\":{\"a\":undefined}}"},
                {"a NUL byte after the object", cm + "\u0000"},
                {"an array closed by a brace", "{\"metadata\":{\"finalizers\":[\"a\"}}"},
                {"only an opening brace", "{"},
                {"only a closing brace", "}"},
                {"a lone colon", ":"},
        };
        for (String[] b : bodies) {
            out.add(post("JSON body with " + b[0], CONFIGMAPS, JSON, b[1], 400, "BadRequest", BAD_JSON));
        }
        String[][] numbers = {
                {"NaN", "NaN"}, {"Infinity", "Infinity"}, {"-Infinity", "-Infinity"}, {"a leading plus", "+1"},
                {"a leading zero", "01"}, {"a leading dot", ".5"}, {"a trailing dot", "1."}, {"hex", "0x10"},
                {"a bare minus", "-"}, {"a doubled exponent", "1e5e5"},
        };
        for (String[] n : numbers) {
            out.add(post("JSON number written as " + n[0], DEPLOYMENTS, JSON,
                    Fixtures.withRaw(Fixtures.deployment("num"), "spec.replicas", n[1]), 400, "BadRequest", BAD_JSON));
        }
    }

    /** Seeded random bytes led by a control character, so they never start a JSON value. */
    private static void binaryJunk(List<BadRequest> out) {
        Random random = new Random(20240601);
        for (int i = 0; i < 8; i++) {
            byte[] junk = new byte[16 + random.nextInt(4096)];
            random.nextBytes(junk);
            junk[0] = (byte) (1 + random.nextInt(8));
            out.add(BadRequest.ofBytes("JSON body of " + junk.length + " random bytes (#" + i + ")", "POST",
                    CONFIGMAPS, JSON, junk, 400, "BadRequest", BAD_JSON));
        }
        byte[] utf16 = "{\"metadata\":{\"name\":\"u\"}}".getBytes(StandardCharsets.UTF_16LE);
        out.add(BadRequest.ofBytes("JSON body in UTF-16 without a byte-order mark", "POST", CONFIGMAPS, JSON, utf16,
                400, "BadRequest", BAD_JSON));
    }

    /** Structures deep enough to blow a recursive parser's stack. */
    private static void nesting(List<BadRequest> out) {
        for (int depth : new int[] {1_500, 20_000, 200_000}) {
            out.add(post("JSON arrays nested " + depth + " deep", CONFIGMAPS, JSON,
                    "[".repeat(depth) + "]".repeat(depth), 400, "BadRequest", BAD_JSON, "nesting depth"));
            out.add(post("JSON objects nested " + depth + " deep inside metadata", CONFIGMAPS, JSON,
                    "{\"metadata\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}",
                    400, "BadRequest", BAD_JSON, "nesting depth"));
            out.add(post("YAML flow lists nested " + depth + " deep", CONFIGMAPS, YAML,
                    "metadata: " + "[".repeat(depth) + "]".repeat(depth), 400, "BadRequest", BAD_YAML,
                    "nesting depth"));
        }
        out.add(post("JSON arrays opened 100000 deep and never closed", CONFIGMAPS, JSON, "[".repeat(100_000),
                400, "BadRequest", BAD_JSON));
    }

    /** Numbers that do not fit the Go type of their field. */
    private static void numbers(List<BadRequest> out) {
        out.add(post("JSON with an exponent beyond float64 for an int64", PODS, JSON,
                Fixtures.withRaw(Fixtures.pod("n1"), "spec.terminationGracePeriodSeconds", "1e400"), 400, "BadRequest",
                "Pod in version", "cannot unmarshal number"));
        out.add(post("JSON with a fraction for an int32", DEPLOYMENTS, JSON,
                Fixtures.withRaw(Fixtures.deployment("n2"), "spec.replicas", "2.5"), 400, "BadRequest",
                "Deployment in version", "cannot unmarshal number"));
        out.add(post("JSON with an exponent form for an int32", DEPLOYMENTS, JSON,
                Fixtures.withRaw(Fixtures.deployment("n3"), "spec.replicas", "1e10"), 400, "BadRequest",
                "Deployment in version", "cannot unmarshal number"));
        out.add(post("JSON with a huge exponent for a string", CONFIGMAPS, JSON,
                Fixtures.withRaw(Fixtures.configMap("n4"), "data.a", "1e400"), 400, "BadRequest",
                "ConfigMap in version", "cannot unmarshal number"));
        out.add(post("JSON with an integer beyond int64", PODS, JSON,
                Fixtures.withRaw(Fixtures.pod("n5"), "spec.terminationGracePeriodSeconds",
                        "99999999999999999999999999"), 400, "BadRequest",
                "cannot unmarshal number 99999999999999999999999999 into Go struct field "
                        + "PodSpec.spec.terminationGracePeriodSeconds of type int64"));
        out.add(post("JSON with an integer beyond int32 for an int32", PODS, JSON,
                Fixtures.withRaw(Fixtures.pod("n6"), "spec.containers[0].ports[0].containerPort", "99999999999"),
                400, "BadRequest", "cannot unmarshal number 99999999999", "of type int32"));
        out.add(post("JSON with binaryData that is not base64", CONFIGMAPS, JSON,
                "{\"metadata\":{\"name\":\"n7\"},\"binaryData\":{\"a\":\"!!!notbase64\"}}", 400, "BadRequest",
                "ConfigMap in version", "illegal base64 data at input byte 0"));
        out.add(post("JSON with a Secret value in unpadded base64", SECRETS, JSON,
                "{\"metadata\":{\"name\":\"n8\"},\"data\":{\"a\":\"aGk\"}}", 400, "BadRequest",
                "Secret in version", "illegal base64 data at input byte 0"));
        out.add(post("JSON with a timestamp that is not RFC 3339", EVENTS, JSON,
                "{\"metadata\":{\"name\":\"n9\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"x\"},"
                        + "\"reason\":\"R\",\"message\":\"m\",\"firstTimestamp\":\"yesterday\",\"type\":\"Normal\"}",
                400, "BadRequest", "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
                        + "\"yesterday\" as \"2006\""));
        out.add(post("JSON with a month out of range in a timestamp", PODS, JSON,
                Fixtures.withRaw(Fixtures.pod("n10"), "metadata.creationTimestamp", "\"2024-13-01T00:00:00Z\""),
                400, "BadRequest", "month out of range"));
    }

    private static void duplicates(List<BadRequest> out) {
        String strict = "?fieldValidation=Strict";
        out.add(post("JSON with a duplicate top-level key under Strict", CONFIGMAPS + strict, JSON,
                "{\"metadata\":{\"name\":\"d1\"},\"data\":{\"a\":\"1\"},\"data\":{\"b\":\"2\"}}", 400, "BadRequest",
                "strict decoding error", "duplicate field \"data\""));
        out.add(post("JSON with a duplicate metadata key under Strict", CONFIGMAPS + strict, JSON,
                "{\"metadata\":{\"name\":\"d2\",\"name\":\"d3\"}}", 400, "BadRequest",
                "strict decoding error", "duplicate field \"metadata.name\""));
        out.add(post("JSON with a duplicate container key under Strict", PODS + strict, JSON,
                Fixtures.pod("d4").toString().replace("\"image\":\"nginx\"", "\"image\":\"a\",\"image\":\"b\""),
                400, "BadRequest", "strict decoding error", "duplicate field \"spec.containers[0].image\""));
        out.add(post("YAML with a duplicate metadata key under Strict", CONFIGMAPS + strict, YAML,
                "metadata:\n  name: d5\n  name: d6\n", 400, "BadRequest",
                "strict decoding error", "duplicate field \"metadata.name\""));
        out.add(post("YAML with a duplicate data key under Strict", CONFIGMAPS + strict, YAML,
                "metadata:\n  name: d7\ndata:\n  a: \"1\"\n  a: \"2\"\n", 400, "BadRequest",
                "strict decoding error", "duplicate field \"data.a\""));
    }

    private static void malformedYaml(List<BadRequest> out) {
        String[][] bodies = {
                {"an unclosed flow list", "metadata:\n  name: [a\n"},
                {"an unclosed flow map", "metadata: {name: a\n"},
                {"tab indentation", "metadata:\n\tname: a\n"},
                {"a value that is also a key", "metadata: name: a\n"},
                {"a list item followed by a key", "- a\nmetadata: {}\n"},
                {"an unterminated quoted string", "metadata:\n  name: \"a\n"},
                {"an invalid escape in a quoted string", "metadata:\n  name: \"a\\qb\"\n"},
                {"an unsupported YAML version", "%YAML 9.9\n---\nmetadata: {}\n"},
                {"a NUL byte", "metadata:\n  name: a\u0000\n"},
                {"a stray closing bracket", "metadata: ]\n"},
                {"an indentation decrease inside a map", "metadata:\n    name: a\n  labels: {}\n"},
                {"NaN for a string value", "metadata:\n  name: y1\ndata:\n  a: .nan\n"},
                {"an alias to an undefined anchor", "metadata:\n  name: *nope\n"},
                {"an alias inside its own anchor", "metadata: &m\n  name: y2\n  labels: *m\n"},
        };
        for (String[] b : bodies) {
            out.add(post("YAML body with " + b[0], CONFIGMAPS, YAML, b[1], 400, "BadRequest", BAD_YAML));
        }
    }

    private static void notAnObject(List<BadRequest> out) {
        out.add(post("an empty JSON body", CONFIGMAPS, JSON, "", 400, "BadRequest", "body", "empty"));
        out.add(post("an empty YAML body", CONFIGMAPS, YAML, "", 400, "BadRequest", "body", "empty"));
        out.add(post("a whitespace-only JSON body", CONFIGMAPS, JSON, " \n\t ", 400, "BadRequest", "body", "empty"));
        out.add(post("a comment-only YAML body", CONFIGMAPS, YAML, "# nothing here\n", 400, "BadRequest", "body",
                "empty"));
        String[][] values = {
                {"[]", "array"}, {"[{\"metadata\":{\"name\":\"x\"}}]", "array"}, {"\"a string\"", "string"},
                {"42", "number"}, {"-1.5", "number"}, {"true", "boolean"}, {"null", "null"},
        };
        for (String[] v : values) {
            out.add(post("a JSON " + v[1] + " body (" + v[0] + ")", CONFIGMAPS, JSON, v[0], 400, "BadRequest",
                    "must be a JSON object", v[1]));
        }
        out.add(post("a YAML list body", CONFIGMAPS, YAML, "- a\n- b\n", 400, "BadRequest", "must be a JSON object",
                "array"));
        out.add(post("a YAML scalar body", CONFIGMAPS, YAML, "just a string\n", 400, "BadRequest",
                "must be a JSON object", "string"));
        out.add(post("a JSON array as a Deployment", DEPLOYMENTS, JSON, "[1,2,3]", 400, "BadRequest",
                "must be a JSON object", "array"));
    }

    private static void oversize(List<BadRequest> out) {
        String big = "x".repeat(3 * 1024 * 1024 + 16);
        out.add(post("a JSON body over 3 MiB", CONFIGMAPS, JSON,
                "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + big + "\"}}", 413, "RequestEntityTooLarge",
                "Request entity too large", "3145728"));
        out.add(post("a YAML body over 3 MiB", CONFIGMAPS, YAML, "metadata:\n  name: big\ndata:\n  a: " + big + "\n",
                413, "RequestEntityTooLarge", "Request entity too large"));
        out.add(BadRequest.of("a merge patch over 3 MiB", "PATCH", Fixtures.Kind.CONFIGMAP.object(Fixtures.TARGET),
                Fixtures.MERGE_PATCH, "{\"data\":{\"a\":\"" + big + "\"}}", 413, "RequestEntityTooLarge",
                "Request entity too large"));
        String justOver = "y".repeat(1024 * 1024 + 1);
        out.add(post("a ConfigMap whose data exceeds 1 MiB", CONFIGMAPS, JSON,
                "{\"metadata\":{\"name\":\"toolong\"},\"data\":{\"a\":\"" + justOver + "\"}}", 422, "Invalid",
                "is invalid", "Too long", "1048576"));
    }
}
