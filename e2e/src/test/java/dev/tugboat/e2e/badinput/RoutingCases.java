package dev.tugboat.e2e.badinput;

import static dev.tugboat.e2e.badinput.Fixtures.APPLY_PATCH;
import static dev.tugboat.e2e.badinput.Fixtures.CONFIGMAPS;
import static dev.tugboat.e2e.badinput.Fixtures.DEPLOYMENTS;
import static dev.tugboat.e2e.badinput.Fixtures.JSON;
import static dev.tugboat.e2e.badinput.Fixtures.JSON_PATCH;
import static dev.tugboat.e2e.badinput.Fixtures.MERGE_PATCH;
import static dev.tugboat.e2e.badinput.Fixtures.NS;
import static dev.tugboat.e2e.badinput.Fixtures.PODS;
import static dev.tugboat.e2e.badinput.Fixtures.SERVICES;
import static dev.tugboat.e2e.badinput.Fixtures.STRATEGIC_PATCH;
import static dev.tugboat.e2e.badinput.Fixtures.TARGET;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Requests that address nothing or the wrong thing: unknown resources, groups, versions and
 * subresources; methods no route takes; unknown media types; patch documents invalid for their type;
 * and bodies whose apiVersion, kind, name or namespace contradict the URL.
 */
final class RoutingCases {

    private static final String NOT_FOUND = "the server could not find the requested resource";
    private static final String UNKNOWN_FORMAT = "the body of the request was in an unknown format";

    private RoutingCases() {
    }

    static List<BadRequest> all() {
        List<BadRequest> out = new ArrayList<>();
        unknownPaths(out);
        methods(out);
        mediaTypes(out);
        jsonPatches(out);
        otherPatches(out);
        mismatches(out);
        return out;
    }

    private static void unknownPaths(List<BadRequest> out) {
        String[] paths = {
                "/api/v1/foos", "/api/v1/namespaces/" + NS + "/foos", "/apis/nope.example.com/v1/things",
                "/apis/nope.example.com/v1/namespaces/" + NS + "/things/x", "/apis/apps/v9/deployments",
                "/api/v2/pods", "/apis/apps/v1/pods", "/api/v1/deployments", "/apis/batch/v1/namespaces/" + NS + "/pods",
                CONFIGMAPS + "/" + TARGET + "/bogus", PODS + "/" + TARGET + "/bogus", CONFIGMAPS + "/" + TARGET + "/status",
                SERVICES + "/" + TARGET + "/scale", DEPLOYMENTS + "/" + TARGET + "/status/extra",
                "/api/v1/namespaces/" + NS + "/nodes", "/api/v1/configmaps/" + TARGET, "/apis/apps/v1/deployments/x",
                "/api/v1/namespaces/" + NS + "/configmaps/" + TARGET + "/status/a/b/c",
        };
        for (String path : paths) {
            for (String method : new String[] {"GET", "DELETE"}) {
                out.add(BadRequest.of(method + " " + path, method, path, null, null, 404, "NotFound", NOT_FOUND));
            }
            out.add(BadRequest.of("PUT " + path, "PUT", path, JSON, "{}", 404, "NotFound", NOT_FOUND));
            out.add(BadRequest.of("PATCH " + path, "PATCH", path, MERGE_PATCH, "{}", 404, "NotFound", NOT_FOUND));
        }
        out.add(BadRequest.of("POST to an unknown resource", "POST", "/api/v1/namespaces/" + NS + "/foos", JSON,
                "{\"metadata\":{\"name\":\"x\"}}", 404, "NotFound", NOT_FOUND));
        out.add(BadRequest.of("GET of a missing ConfigMap", "GET", CONFIGMAPS + "/nope", null, null, 404, "NotFound",
                "configmaps \"nope\" not found"));
        out.add(BadRequest.of("GET of a missing Deployment", "GET", DEPLOYMENTS + "/nope", null, null, 404, "NotFound",
                "deployments.apps \"nope\" not found"));
        out.add(BadRequest.of("DELETE of a missing Pod", "DELETE", PODS + "/nope", null, null, 404, "NotFound",
                "pods \"nope\" not found"));
        out.add(BadRequest.of("PUT of a missing ConfigMap", "PUT", CONFIGMAPS + "/nope", JSON,
                "{\"metadata\":{\"name\":\"nope\",\"resourceVersion\":\"1\"}}", 404, "NotFound",
                "configmaps \"nope\" not found"));
        out.add(BadRequest.of("merge patch of a missing ConfigMap", "PATCH", CONFIGMAPS + "/nope", MERGE_PATCH, "{}",
                404, "NotFound", "configmaps \"nope\" not found"));
        out.add(BadRequest.of("status of a missing Pod", "GET", PODS + "/nope/status", null, null, 404, "NotFound",
                "pods \"nope\" not found"));
        out.add(BadRequest.of("create in a missing namespace", "POST", "/api/v1/namespaces/no-such-ns/configmaps", JSON,
                "{\"metadata\":{\"name\":\"x\"}}", 404, "NotFound", "namespaces \"no-such-ns\" not found"));
    }

    private static void methods(List<BadRequest> out) {
        String cm = CONFIGMAPS + "/" + TARGET;
        String pod = PODS + "/" + TARGET;
        Object[][] cases = {
                {"PUT on a collection", "PUT", CONFIGMAPS, JSON, "{\"metadata\":{\"name\":\"x\"}}"},
                {"PATCH on a collection", "PATCH", CONFIGMAPS, MERGE_PATCH, "{}"},
                {"PUT on the namespaces collection", "PUT", Fixtures.NAMESPACES, JSON, "{\"metadata\":{\"name\":\"x\"}}"},
                {"POST to a named ConfigMap", "POST", cm, JSON, "{\"metadata\":{\"name\":\"" + TARGET + "\"}}"},
                {"POST to a named ConfigMap with another name in the body", "POST", cm, JSON,
                        "{\"metadata\":{\"name\":\"posted\"}}"},
                {"POST to a named Deployment", "POST", DEPLOYMENTS + "/" + TARGET, JSON, "{}"},
                {"DELETE on a pod's binding", "DELETE", pod + "/binding", null, null},
                {"GET on a pod's binding", "GET", pod + "/binding", null, null},
                {"PUT on a pod's binding", "PUT", pod + "/binding", JSON, "{}"},
                {"POST to a pod's status", "POST", pod + "/status", JSON, "{}"},
                {"DELETE on a pod's status", "DELETE", pod + "/status", null, null},
                {"DELETE on a deployment's scale", "DELETE", DEPLOYMENTS + "/" + TARGET + "/scale", null, null},
        };
        for (Object[] c : cases) {
            out.add(BadRequest.of((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4], 405,
                    "MethodNotAllowed", "not supported"));
        }
    }

    private static void mediaTypes(List<BadRequest> out) {
        String cm = CONFIGMAPS + "/" + TARGET;
        String body = "{\"metadata\":{\"name\":\"mt\"}}";
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "image/png", "application/cbor", ";;;", "/", "json"}) {
            out.add(BadRequest.of("create with Content-Type '" + type + "'", "POST", CONFIGMAPS, type, body, 415,
                    "UnsupportedMediaType", UNKNOWN_FORMAT));
            out.add(BadRequest.of("PUT with Content-Type '" + type + "'", "PUT", cm, type, body, 415,
                    "UnsupportedMediaType", UNKNOWN_FORMAT));
        }
        for (String type : new String[] {"text/plain", "application/json", "application/yaml", "application/xml",
                "application/patch+json", "application/merge-patch+yaml", ";;;"}) {
            out.add(BadRequest.of("PATCH with Content-Type '" + type + "'", "PATCH", cm, type, "{}", 415,
                    "UnsupportedMediaType", UNKNOWN_FORMAT, "application/merge-patch+json"));
        }
        out.add(BadRequest.of("PATCH without a Content-Type", "PATCH", cm, null, "{}", 415, "UnsupportedMediaType",
                UNKNOWN_FORMAT));
        out.add(BadRequest.ofBytes("create with a protobuf body lacking the magic number", "POST", CONFIGMAPS,
                "application/vnd.kubernetes.protobuf", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 400, "BadRequest",
                "protobuf", "magic"));
        out.add(BadRequest.ofBytes("create with a truncated protobuf body", "POST", CONFIGMAPS,
                "application/vnd.kubernetes.protobuf", new byte[] {'k', '8', 's', 0, 0x0a, 0x7f}, 400, "BadRequest",
                "protobuf"));
    }

    private static void jsonPatches(List<BadRequest> out) {
        String cm = CONFIGMAPS + "/" + TARGET;
        String[][] patches = {
                {"{}", "400", "BadRequest", "cannot unmarshal object", "jsonpatch.Patch"},
                {"\"replace\"", "400", "BadRequest", "cannot unmarshal string", "jsonpatch.Patch"},
                {"42", "400", "BadRequest", "cannot unmarshal number", "jsonpatch.Patch"},
                {"[1]", "400", "BadRequest", "cannot unmarshal number", "jsonpatch.Operation"},
                {"[[]]", "400", "BadRequest", "cannot unmarshal array", "jsonpatch.Operation"},
                {"[{\"op\":\"frob\",\"path\":\"/data\"}]", "422", "Invalid", "frob"},
                {"[{\"path\":\"/data\"}]", "422", "Invalid", "Unexpected kind"},
                {"[{\"op\":\"remove\",\"path\":\"/nope/x\"}]", "422", "Invalid", "remove", "/nope/x"},
                {"[{\"op\":\"add\",\"path\":\"data/x\",\"value\":\"1\"}]", "422", "Invalid", "data/x"},
                {"[{\"op\":\"add\",\"path\":\"/data/x\"}]", "422", "Invalid", "add"},
                {"[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"zzz\"}]", "422", "Invalid", "test"},
                {"[{\"op\":\"move\",\"from\":\"/data/nope\",\"path\":\"/data/b\"}]", "422", "Invalid", "move"},
                {"[{\"op\":\"copy\",\"from\":\"/nope\",\"path\":\"/data/b\"}]", "422", "Invalid", "copy"},
                {"[{\"op\":\"add\",\"path\":\"/metadata/finalizers/5\",\"value\":\"x\"}]", "422", "Invalid", "add"},
                {"[{\"op\":\"remove\",\"path\":\"/data/a~2\"}]", "422", "Invalid", "remove"},
                {"[{\"op\":\"remove\",\"path\":\"\"}]", "422", "Invalid", "remove"},
                {"[{\"op\":\"replace\",\"path\":\"/data\",\"value\":[1]}]", "400", "BadRequest", "cannot unmarshal array"},
                {"[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"other\"}]", "400", "BadRequest",
                        "does not match the name"},
                {"[{\"op\":\"replace\",\"path\":\"/kind\",\"value\":\"Secret\"}]", "400", "BadRequest", "kind",
                        "Secret"},
                {"[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]", "422", "Invalid", "not a JSON object"},
                {"[{\"op\":\"add\"", "400", "BadRequest", "not valid JSON"},
                {"[] trailing", "400", "BadRequest", "not valid JSON"},
        };
        for (String[] p : patches) {
            out.add(BadRequest.of("JSON patch " + p[0], "PATCH", cm, JSON_PATCH, p[0], Integer.parseInt(p[1]), p[2],
                    Arrays.copyOfRange(p, 3, p.length)));
        }
    }

    private static void otherPatches(List<BadRequest> out) {
        String cm = CONFIGMAPS + "/" + TARGET;
        String deploy = DEPLOYMENTS + "/" + TARGET;
        String[][] merge = {
                {"not json", "400", "BadRequest", "not valid JSON"},
                {"{\"data\":", "400", "BadRequest", "not valid JSON"},
                {"{} trailing", "400", "BadRequest", "not valid JSON"},
                {"[1,2]", "400", "BadRequest", "Invalid JSON Patch"},
                {"\"str\"", "400", "BadRequest", "Invalid JSON Patch"},
                {"{\"data\":{\"a\":1}}", "400", "BadRequest", "cannot unmarshal number"},
                {"{\"data\":[]}", "400", "BadRequest", "cannot unmarshal array"},
                {"{\"metadata\":{\"name\":\"other\"}}", "400", "BadRequest", "does not match the name"},
                {"{\"metadata\":{\"namespace\":\"other\"}}", "400", "BadRequest", "namespace", "does not match"},
                {"{\"kind\":\"Secret\"}", "400", "BadRequest", "kind", "Secret"},
                {"{\"apiVersion\":\"apps/v1\"}", "400", "BadRequest", "API version", "apps/v1"},
                {"{\"metadata\":{\"resourceVersion\":\"1\"}}", "409", "Conflict", "the object has been modified"},
                {"{\"metadata\":{\"labels\":{\"bad key!\":\"x\"}}}", "422", "Invalid", "metadata.labels"},
        };
        for (String[] p : merge) {
            out.add(BadRequest.of("merge patch " + p[0], "PATCH", cm, MERGE_PATCH, p[0], Integer.parseInt(p[1]), p[2],
                    Arrays.copyOfRange(p, 3, p.length)));
        }
        out.add(BadRequest.of("merge patch with fieldValidation=Strict adding spec.foo to a Deployment", "PATCH",
                deploy + "?fieldValidation=Strict", MERGE_PATCH, "{\"spec\":{\"foo\":1}}", 400, "BadRequest",
                "strict decoding error", "unknown field \"spec.foo\""));
        out.add(BadRequest.of("merge patch setting replicas to a string", "PATCH", deploy, MERGE_PATCH,
                "{\"spec\":{\"replicas\":\"three\"}}", 400, "BadRequest", "cannot unmarshal string"));
        out.add(BadRequest.of("merge patch making the Deployment selector empty", "PATCH", deploy, MERGE_PATCH,
                "{\"spec\":{\"selector\":{\"matchLabels\":null}}}", 422, "Invalid", "spec.selector"));
        String[][] strategic = {
                {"{\"$patch\":\"frobnicate\"}", "400", "BadRequest", "unknown patch type", "frobnicate"},
                {"{\"metadata\":{\"$patch\":\"frobnicate\"}}", "400", "BadRequest", "unknown patch type"},
                {"not json", "400", "BadRequest", "not valid JSON"},
                {"{\"data\":", "400", "BadRequest", "not valid JSON"},
                {"{} []", "400", "BadRequest", "not valid JSON"},
                {"{\"data\":{\"a\":true}}", "400", "BadRequest", "cannot unmarshal bool"},
        };
        for (String[] p : strategic) {
            out.add(BadRequest.of("strategic merge patch " + p[0], "PATCH", cm, STRATEGIC_PATCH, p[0],
                    Integer.parseInt(p[1]), p[2], Arrays.copyOfRange(p, 3, p.length)));
        }
        out.add(BadRequest.of("strategic merge patch with an unknown $patch on a container list", "PATCH", deploy,
                STRATEGIC_PATCH, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"bogus\"}]}}}}",
                400, "BadRequest", "bogus"));
        out.add(BadRequest.of("strategic merge patch with a non-list $setElementOrder", "PATCH", deploy,
                STRATEGIC_PATCH, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":5}}}}",
                400, "BadRequest", "setElementOrder"));
        out.add(BadRequest.of("an empty merge patch body", "PATCH", cm, MERGE_PATCH, "", 400, "BadRequest",
                "body", "empty"));
        String[][] ofMissing = {
                {JSON_PATCH, "[{\"op\":\"add\",\"path\":\"/data\",\"value\":{}}]"},
                {MERGE_PATCH, "{\"data\":{\"a\":\"1\"}}"},
                {STRATEGIC_PATCH, "{\"data\":{\"a\":\"1\"}}"},
        };
        for (String[] p : ofMissing) {
            out.add(BadRequest.of(p[0] + " of a ConfigMap that does not exist", "PATCH", CONFIGMAPS + "/missing",
                    p[0], p[1], 404, "NotFound", "configmaps \"missing\" not found"));
        }
        out.add(BadRequest.of("an apply patch without a fieldManager", "PATCH", cm, APPLY_PATCH,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + TARGET + "\n", 422, "Invalid",
                "fieldManager", "Required value").withCause("fieldManager"));
    }

    private static void mismatches(List<BadRequest> out) {
        String cm = CONFIGMAPS + "/" + TARGET;
        String[][] creates = {
                {"apiVersion apps/v1 in a ConfigMap", CONFIGMAPS,
                        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"mm\"}}",
                        "API version", "apps/v1"},
                {"apiVersion v2 in a ConfigMap", CONFIGMAPS,
                        "{\"apiVersion\":\"v2\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"mm\"}}", "API version",
                        "v2"},
                {"kind Secret posted to configmaps", CONFIGMAPS,
                        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"mm\"}}", "kind", "Secret"},
                {"kind Pod posted to deployments", DEPLOYMENTS,
                        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"mm\"}}", "kind", "Pod"},
                {"apiVersion extensions/v1beta1 posted to apps/v1 deployments", DEPLOYMENTS,
                        "{\"apiVersion\":\"extensions/v1beta1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"mm\"}}",
                        "API version", "extensions/v1beta1"},
                {"a numeric apiVersion", CONFIGMAPS, "{\"apiVersion\":5,\"metadata\":{\"name\":\"mm\"}}", "apiVersion"},
                {"an object as kind", CONFIGMAPS, "{\"kind\":{},\"metadata\":{\"name\":\"mm\"}}", "kind"},
                {"a namespace different from the URL's", CONFIGMAPS,
                        "{\"metadata\":{\"name\":\"mm\",\"namespace\":\"kube-system\"}}", "namespace",
                        "does not match"},
        };
        for (String[] c : creates) {
            out.add(BadRequest.of("create with " + c[0], "POST", c[1], JSON, c[2], 400, "BadRequest",
                    Arrays.copyOfRange(c, 3, c.length)));
        }
        out.add(BadRequest.of("PUT with a name different from the URL's", "PUT", cm, JSON,
                "{\"metadata\":{\"name\":\"other\",\"resourceVersion\":\"1\"}}", 400, "BadRequest",
                "does not match the name on the URL"));
        out.add(BadRequest.of("PUT with a namespace different from the URL's", "PUT", cm, JSON,
                "{\"metadata\":{\"name\":\"" + TARGET + "\",\"namespace\":\"kube-system\",\"resourceVersion\":\"1\"}}",
                400, "BadRequest", "namespace", "does not match"));
        out.add(BadRequest.of("PUT with kind Secret", "PUT", cm, JSON,
                "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + TARGET + "\"}}", 400, "BadRequest", "kind",
                "Secret"));
        out.add(BadRequest.of("PUT without a resourceVersion", "PUT", cm, JSON,
                "{\"metadata\":{\"name\":\"" + TARGET + "\"}}", 422, "Invalid", "resourceVersion",
                "must be specified for an update").withCause("metadata.resourceVersion"));
        out.add(BadRequest.of("PUT with a stale resourceVersion", "PUT", cm, JSON,
                "{\"metadata\":{\"name\":\"" + TARGET + "\",\"resourceVersion\":\"1\"}}", 409, "Conflict",
                "the object has been modified"));
        out.add(BadRequest.of("PUT with a non-numeric resourceVersion", "PUT", cm, JSON,
                "{\"metadata\":{\"name\":\"" + TARGET + "\",\"resourceVersion\":\"abc\"}}", 409, "Conflict",
                "the object has been modified"));
    }
}
