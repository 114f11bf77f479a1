package dev.tugboat.e2e.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Paths, media types and valid sample objects shared by the bad-input cases. */
final class Fixtures {

    static final String NS = "bad-input";
    static final String NAMESPACES = "/api/v1/namespaces";
    static final String CONFIGMAPS = "/api/v1/namespaces/" + NS + "/configmaps";
    static final String PODS = "/api/v1/namespaces/" + NS + "/pods";
    static final String SERVICES = "/api/v1/namespaces/" + NS + "/services";
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";
    static final String SECRETS = "/api/v1/namespaces/" + NS + "/secrets";
    static final String EVENTS = "/api/v1/namespaces/" + NS + "/events";

    /** The name of the object of each kind that exists for the whole run (targets of PUT, PATCH, DELETE). */
    static final String TARGET = "target";

    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String STRATEGIC_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private Fixtures() {
    }

    /** A kind the cases exercise: its collection path and a valid object of it. */
    enum Kind {
        CONFIGMAP("ConfigMap", CONFIGMAPS),
        POD("Pod", PODS),
        DEPLOYMENT("Deployment", DEPLOYMENTS),
        SERVICE("Service", SERVICES);

        final String kind;
        final String collection;

        Kind(String kind, String collection) {
            this.kind = kind;
            this.collection = collection;
        }

        ObjectNode valid(String name) {
            return switch (this) {
                case CONFIGMAP -> configMap(name);
                case POD -> pod(name);
                case DEPLOYMENT -> deployment(name);
                case SERVICE -> service(name);
            };
        }

        String object(String name) {
            return collection + "/" + name;
        }
    }

    static ObjectNode configMap(String name) {
        return parse("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","labels":{"app":"web"}},
                 "data":{"a":"1"}}""".formatted(name));
    }

    static ObjectNode pod(String name) {
        return parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"app","image":"nginx","ports":[{"containerPort":80}]}]}}"""
                .formatted(name));
    }

    static ObjectNode deployment(String name) {
        return parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"app","image":"nginx"}]}}}}""".formatted(name));
    }

    static ObjectNode service(String name) {
        return parse("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
                 "spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}""".formatted(name));
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value at a dotted path (as {@link #set} takes it); a missing node when absent. */
    static JsonNode get(JsonNode root, String path) {
        return root.at("/" + path.replace("]", "").replace("[", ".").replace('.', '/'));
    }

    /**
     * The JSON text of {@code obj} with {@code rawJson} at {@code path}, written verbatim (for values a
     * tree cannot hold, like {@code 1e400} or {@code NaN}).
     */
    static String withRaw(ObjectNode obj, String path, String rawJson) {
        String marker = "@@raw-value@@";
        return set(obj, path, TextNode.valueOf(marker)).toString()
                .replace("\"" + marker + "\"", rawJson);
    }

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /**
     * Sets {@code value} at a dotted path such as {@code spec.containers[0].ports[0].containerPort},
     * creating missing objects and list elements on the way.
     */
    static ObjectNode set(ObjectNode root, String path, JsonNode value) {
        String[] segments = path.split("\\.");
        JsonNode current = root;
        for (int i = 0; i < segments.length; i++) {
            Matcher m = SEGMENT.matcher(segments[i]);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad path " + path);
            }
            String field = m.group(1);
            Matcher idx = INDEX.matcher(m.group(2));
            boolean last = i == segments.length - 1;
            ObjectNode holder = (ObjectNode) current;
            if (!idx.find()) {
                if (last) {
                    holder.set(field, value);
                    return root;
                }
                current = holder.has(field) && holder.get(field).isObject() ? holder.get(field) : holder.putObject(field);
                continue;
            }
            ArrayNode list = holder.has(field) && holder.get(field).isArray()
                    ? (ArrayNode) holder.get(field) : holder.putArray(field);
            int index = Integer.parseInt(idx.group(1));
            while (list.size() <= index) {
                list.addObject();
            }
            if (last) {
                list.set(index, value);
                return root;
            }
            current = list.get(index);
        }
        return root;
    }
}
