package dev.tugboat.e2e.badinput;

import static dev.tugboat.e2e.badinput.Fixtures.CONFIGMAPS;
import static dev.tugboat.e2e.badinput.Fixtures.PODS;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Bad query parameters: label and field selectors, resourceVersion and resourceVersionMatch,
 * continue tokens, limit, and the options of writes and deletes (dryRun, fieldValidation,
 * fieldManager, propagationPolicy, gracePeriodSeconds, timeoutSeconds).
 */
final class QueryCases {

    private QueryCases() {
    }

    static List<BadRequest> all() {
        List<BadRequest> out = new ArrayList<>();
        labelSelectors(out);
        fieldSelectors(out);
        resourceVersions(out);
        continueTokens(out);
        limits(out);
        writeOptions(out);
        deleteOptions(out);
        return out;
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static BadRequest get(String description, String pathAndQuery, int code, String reason,
                                  String... words) {
        return BadRequest.of(description, "GET", pathAndQuery, null, null, code, reason, words);
    }

    private static void labelSelectors(List<BadRequest> out) {
        String[][] selectors = {
                {"a=b=c", "found '='"}, {"a in (", "unable to parse requirement"},
                {"in (a)", "unable to parse requirement"}, {"!!a", "unable to parse requirement"},
                {"a,,b", "found ','"}, {"=b", "found '='"}, {"a notin (x", "unable to parse requirement"},
                {"a in (x y)", "unable to parse requirement"}, {"a>b", "must be an integer"},
                {"a<", "unable to parse requirement"}, {"A%%=1", "name part must consist of"},
                {"a=" + "v".repeat(64), "must be no more than 63 characters"},
                {"k".repeat(64) + "=v", "name part must be no more than 63 characters"},
                {"a=(b)", "found '('"}, {"!", "unable to parse requirement"}, {",", "found ','"},
{"a in ((x))", "unable to parse requirement"},
                {"a/b/c=d", "a valid label key must consist of"},
        };
        for (String[] s : selectors) {
            out.add(get("list with label selector '" + s[0] + "'", CONFIGMAPS + "?labelSelector=" + q(s[0]), 400,
                    "BadRequest", s[1]));
        }
        out.add(get("watch with label selector 'a=b=c'", CONFIGMAPS + "?watch=true&timeoutSeconds=5&labelSelector="
                + q("a=b=c"), 400,
                "BadRequest", "found '='"));
        // A bad selector must stop a delete-collection before anything is deleted.
        out.add(BadRequest.of("deletecollection with label selector 'a in ('", "DELETE",
                CONFIGMAPS + "?labelSelector=" + q("a in ("), null, null, 400, "BadRequest",
                "unable to parse requirement"));
    }

    private static void fieldSelectors(List<BadRequest> out) {
        String[][] selectors = {
                {PODS, "spec.foo=bar", "spec.foo"}, {PODS, "status.bogus=1", "status.bogus"},
                {PODS, "metadata.name", "metadata.name"}, {PODS, "a=b=c", "invalid field selector"},
                {PODS, "metadata.name~x", "metadata.name~x"}, {CONFIGMAPS, "spec.nodeName=x", "spec.nodeName"},
                {CONFIGMAPS, "data.a=1", "data.a"}, {CONFIGMAPS, "metadata.labels=x", "metadata.labels"},
        };
        for (String[] s : selectors) {
            out.add(get("list " + (s[0].equals(PODS) ? "pods" : "configmaps") + " with field selector '" + s[1] + "'",
                    s[0] + "?fieldSelector=" + q(s[1]), 400, "BadRequest", s[2]));
        }
        out.add(get("watch pods with field selector 'spec.foo=bar'", PODS + "?watch=1&timeoutSeconds=5&fieldSelector="
                + q("spec.foo=bar"),
                400, "BadRequest", "spec.foo"));
    }

    private static void resourceVersions(List<BadRequest> out) {
        String[] bad = {"abc", "-1", "1.5", "0x10", "99999999999999999999999", " 5", "5 ", "1e3", "+5", "\u0665"};
        for (String rv : bad) {
            out.add(get("list with resourceVersion '" + rv + "'", CONFIGMAPS + "?resourceVersion=" + q(rv), 400,
                    "BadRequest", "invalid resource version"));
            out.add(get("watch with resourceVersion '" + rv + "'",
                    CONFIGMAPS + "?watch=true&timeoutSeconds=5&resourceVersion=" + q(rv), 400, "BadRequest",
                    "invalid resource version"));
        }
        out.add(get("get with resourceVersion 'abc'", CONFIGMAPS + "/" + Fixtures.TARGET + "?resourceVersion=abc", 400,
                "BadRequest", "invalid resource version"));
        out.add(get("list with resourceVersionMatch 'Bogus'", CONFIGMAPS + "?resourceVersion=1&resourceVersionMatch=Bogus",
                400, "BadRequest", "resourceVersionMatch", "Bogus"));
        out.add(get("list with resourceVersionMatch 'exact' in lower case",
                CONFIGMAPS + "?resourceVersion=1&resourceVersionMatch=exact", 400, "BadRequest", "resourceVersionMatch"));
        out.add(get("list with resourceVersionMatch but no resourceVersion", CONFIGMAPS + "?resourceVersionMatch=Exact",
                400, "BadRequest", "resourceVersionMatch", "resourceVersion"));
        out.add(get("list with resourceVersionMatch NotOlderThan but no resourceVersion",
                CONFIGMAPS + "?resourceVersionMatch=NotOlderThan", 400, "BadRequest", "resourceVersionMatch"));
        out.add(get("list with resourceVersionMatch Exact for resourceVersion 0",
                CONFIGMAPS + "?resourceVersion=0&resourceVersionMatch=Exact", 400, "BadRequest", "Exact", "\"0\""));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void continueTokens(List<BadRequest> out) {
        String[] tokens = {
                "garbage", "%%%", b64("not json"), b64("{}"), b64("[1,2]"),
                b64("{\"v\":\"meta.k8s.io/v1\",\"rv\":-5,\"start\":\"x\"}"),
                b64("{\"v\":\"bogus/v9\",\"rv\":1,\"start\":\"x\"}"),
                b64("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"../../secrets/kube-system/\"}"),
                b64("{\"v\":\"meta.k8s.io/v1\",\"rv\":\"one\",\"start\":\"x\"}"),
                "eyJ2IjoibWV0YS5rOHMuaW8vdjEi", "x".repeat(5000),
        };
        int i = 0;
        for (String token : tokens) {
            out.add(get("list with continue token #" + i++ + " (" + (token.length() > 24 ? token.substring(0, 24) + "…"
                            : token) + ")", CONFIGMAPS + "?limit=1&continue=" + q(token), 400, "BadRequest",
                    "continue"));
        }
        out.add(get("list with a continue token and a resourceVersion",
                CONFIGMAPS + "?continue=" + q(b64("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"a\"}"))
                        + "&resourceVersion=5", 400, "BadRequest", "resource version", "continue"));
    }

    private static void limits(List<BadRequest> out) {
        for (String limit : new String[] {"-1", "abc", "1.5", "1e3", "99999999999999999999", "0x10", " 1"}) {
            out.add(get("list with limit '" + limit + "'", CONFIGMAPS + "?limit=" + q(limit), 400, "BadRequest",
                    "limit", limit.trim()));
        }
        out.add(get("watch with timeoutSeconds '-1'", CONFIGMAPS + "?watch=true&timeoutSeconds=-1", 400, "BadRequest",
                "timeoutSeconds", "-1"));
        out.add(get("watch with timeoutSeconds 'abc'", CONFIGMAPS + "?watch=true&timeoutSeconds=abc", 400, "BadRequest",
                "timeoutSeconds", "abc"));
    }

    private static void writeOptions(List<BadRequest> out) {
        String cm = "{\"metadata\":{\"name\":\"opts\"}}";
        String target = CONFIGMAPS + "/" + Fixtures.TARGET;
        for (String dry : new String[] {"Foo", "all", "true", ""}) {
            out.add(BadRequest.of("create with dryRun '" + dry + "'", "POST", CONFIGMAPS + "?dryRun=" + q(dry),
                    Fixtures.JSON, cm, 400, "BadRequest", "dryRun", "Unsupported value"));
        }
        out.add(BadRequest.of("merge patch with dryRun 'Foo'", "PATCH", target + "?dryRun=Foo", Fixtures.MERGE_PATCH,
                "{}", 400, "BadRequest", "dryRun", "Foo"));
        out.add(BadRequest.of("delete with dryRun 'Foo'", "DELETE", target + "?dryRun=Foo", null, null, 400,
                "BadRequest", "dryRun", "Foo"));
        for (String mode : new String[] {"Bogus", "strict", "STRICT", "warn", "1"}) {
            out.add(BadRequest.of("create with fieldValidation '" + mode + "'", "POST",
                    CONFIGMAPS + "?fieldValidation=" + q(mode), Fixtures.JSON, cm, 400, "BadRequest",
                    "fieldValidation", "Unsupported value", mode));
        }
        out.add(BadRequest.of("merge patch with fieldValidation 'Bogus'", "PATCH", target + "?fieldValidation=Bogus",
                Fixtures.MERGE_PATCH, "{}", 400, "BadRequest", "fieldValidation", "Bogus"));
        out.add(BadRequest.of("create with a 129-character fieldManager", "POST",
                CONFIGMAPS + "?fieldManager=" + "m".repeat(129), Fixtures.JSON, cm, 400, "BadRequest",
                "fieldManager", "Too long", "128"));
        out.add(BadRequest.of("create with a control character in fieldManager", "POST",
                CONFIGMAPS + "?fieldManager=" + q("a\u0001b"), Fixtures.JSON, cm, 400, "BadRequest",
                "fieldManager", "printable"));
        out.add(BadRequest.of("merge patch with force=true", "PATCH", target + "?force=true", Fixtures.MERGE_PATCH, "{}",
                422, "Invalid", "force", "may not be specified for non-apply patch").withCause("force"));
    }

    private static void deleteOptions(List<BadRequest> out) {
        String target = CONFIGMAPS + "/" + Fixtures.TARGET;
        for (String p : new String[] {"Bogus", "background", "orphan", ""}) {
            out.add(BadRequest.of("delete with propagationPolicy '" + p + "'", "DELETE",
                    target + "?propagationPolicy=" + q(p), null, null, 422, "Invalid", "propagationPolicy",
                    "Unsupported value").withCause("propagationPolicy"));
        }
        out.add(BadRequest.of("delete with orphanDependents and propagationPolicy together", "DELETE",
                target + "?orphanDependents=true&propagationPolicy=Foreground", null, null, 422, "Invalid",
                "mutually exclusive"));
        for (String g : new String[] {"abc", "1.5", "99999999999999999999", "1e3"}) {
            out.add(BadRequest.of("delete with gracePeriodSeconds '" + g + "'", "DELETE",
                    target + "?gracePeriodSeconds=" + q(g), null, null, 400, "BadRequest", "gracePeriodSeconds", g));
        }
        String[][] bodies = {
                {"[1]", "400", "BadRequest", "cannot unmarshal array"},
                {"\"x\"", "400", "BadRequest", "cannot unmarshal string"},
                {"42", "400", "BadRequest", "cannot unmarshal number"},
                {"{\"gracePeriodSeconds\":\"x\"}", "400", "BadRequest", "gracePeriodSeconds"},
                {"{\"gracePeriodSeconds\":1.5}", "400", "BadRequest", "gracePeriodSeconds"},
                {"{\"propagationPolicy\":\"Bogus\"}", "422", "Invalid", "propagationPolicy"},
                {"{\"dryRun\":[\"Foo\"]}", "400", "BadRequest", "dryRun"},
                {"{\"gracePeriodSeconds\":1} trailing", "400", "BadRequest", "not valid JSON"},
                {"{\"gracePeriodSeconds\":", "400", "BadRequest", "not valid JSON"},
                {"{\"preconditions\":{\"uid\":\"not-the-uid\"}}", "409", "Conflict", "Precondition failed", "UID"},
                {"{\"preconditions\":{\"resourceVersion\":\"1\"}}", "409", "Conflict", "Precondition failed",
                        "ResourceVersion"},
        };
        for (String[] b : bodies) {
            String[] words = Arrays.copyOfRange(b, 3, b.length);
            out.add(BadRequest.of("delete with body " + b[0], "DELETE", target, Fixtures.JSON, b[0],
                    Integer.parseInt(b[1]), b[2], words));
        }
    }
}
