package dev.tugboat.e2e.badinput;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.e2e.badinput.Fixtures.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of the wrong JSON type at many field paths of Pods, Deployments, Services and ConfigMaps:
 * the decoder's 400 in every fieldValidation mode, naming the kind and the JSON type it could not
 * put into the field.
 */
final class TypeCases {

    /** The declared type of a field, which decides the wrong values tried. */
    enum FieldType { STRING, INT, BOOL, STRING_MAP, LIST, STRING_LIST, STRUCT, INT_OR_STRING, QUANTITY }

    /** A wrong value and the JSON type name Go's decoder reports for it (null: not a JSON type error). */
    private record Wrong(String json, String goName) {
    }

    private record Field(Kind kind, String path, FieldType type) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field(Kind.CONFIGMAP, "metadata", FieldType.STRUCT),
            new Field(Kind.CONFIGMAP, "metadata.name", FieldType.STRING),
            new Field(Kind.CONFIGMAP, "metadata.labels", FieldType.STRING_MAP),
            new Field(Kind.CONFIGMAP, "metadata.annotations", FieldType.STRING_MAP),
            new Field(Kind.CONFIGMAP, "metadata.finalizers", FieldType.STRING_LIST),
            new Field(Kind.CONFIGMAP, "metadata.ownerReferences", FieldType.LIST),
            new Field(Kind.CONFIGMAP, "metadata.generation", FieldType.INT),
            new Field(Kind.CONFIGMAP, "data", FieldType.STRING_MAP),
            new Field(Kind.CONFIGMAP, "immutable", FieldType.BOOL),
            new Field(Kind.POD, "spec", FieldType.STRUCT),
            new Field(Kind.POD, "spec.containers", FieldType.LIST),
            new Field(Kind.POD, "spec.containers[0].name", FieldType.STRING),
            new Field(Kind.POD, "spec.containers[0].image", FieldType.STRING),
            new Field(Kind.POD, "spec.containers[0].args", FieldType.STRING_LIST),
            new Field(Kind.POD, "spec.containers[0].ports[0].containerPort", FieldType.INT),
            new Field(Kind.POD, "spec.containers[0].env", FieldType.LIST),
            new Field(Kind.POD, "spec.containers[0].resources.requests.cpu", FieldType.QUANTITY),
            new Field(Kind.POD, "spec.containers[0].stdin", FieldType.BOOL),
            new Field(Kind.POD, "spec.containers[0].livenessProbe.httpGet.port", FieldType.INT_OR_STRING),
            new Field(Kind.POD, "spec.restartPolicy", FieldType.STRING),
            new Field(Kind.POD, "spec.terminationGracePeriodSeconds", FieldType.INT),
            new Field(Kind.POD, "spec.hostNetwork", FieldType.BOOL),
            new Field(Kind.POD, "spec.nodeSelector", FieldType.STRING_MAP),
            new Field(Kind.POD, "spec.tolerations", FieldType.LIST),
            new Field(Kind.POD, "spec.securityContext.runAsUser", FieldType.INT),
            new Field(Kind.DEPLOYMENT, "spec.replicas", FieldType.INT),
            new Field(Kind.DEPLOYMENT, "spec.selector", FieldType.STRUCT),
            new Field(Kind.DEPLOYMENT, "spec.selector.matchLabels", FieldType.STRING_MAP),
            new Field(Kind.DEPLOYMENT, "spec.template", FieldType.STRUCT),
            new Field(Kind.DEPLOYMENT, "spec.template.metadata.labels", FieldType.STRING_MAP),
            new Field(Kind.DEPLOYMENT, "spec.template.spec.containers", FieldType.LIST),
            new Field(Kind.DEPLOYMENT, "spec.strategy.rollingUpdate.maxSurge", FieldType.INT_OR_STRING),
            new Field(Kind.DEPLOYMENT, "spec.paused", FieldType.BOOL),
            new Field(Kind.DEPLOYMENT, "spec.minReadySeconds", FieldType.INT),
            new Field(Kind.SERVICE, "spec.ports", FieldType.LIST),
            new Field(Kind.SERVICE, "spec.ports[0].port", FieldType.INT),
            new Field(Kind.SERVICE, "spec.ports[0].targetPort", FieldType.INT_OR_STRING),
            new Field(Kind.SERVICE, "spec.ports[0].protocol", FieldType.STRING),
            new Field(Kind.SERVICE, "spec.selector", FieldType.STRING_MAP),
            new Field(Kind.SERVICE, "spec.type", FieldType.STRING),
            new Field(Kind.SERVICE, "spec.clusterIPs", FieldType.STRING_LIST),
            new Field(Kind.SERVICE, "spec.publishNotReadyAddresses", FieldType.BOOL),
            new Field(Kind.SERVICE, "spec.sessionAffinityConfig.clientIP.timeoutSeconds", FieldType.INT));

    /** Type errors are decoding errors: the mode must not matter, so the cases rotate through all. */
    private static final List<String> MODES = List.of("", "?fieldValidation=Strict", "?fieldValidation=Warn",
            "?fieldValidation=Ignore");

    private TypeCases() {
    }

    static List<BadRequest> all() {
        List<BadRequest> out = new ArrayList<>();
        int n = 0;
        for (Field f : FIELDS) {
            for (Wrong w : wrongValues(f.type())) {
                String name = "wrongtype-" + n;
                String mode = MODES.get(n % MODES.size());
                n++;
                ObjectNode obj = f.kind().valid(name);
                String body = Fixtures.withRaw(obj, f.path(), w.json());
                List<String> words = new ArrayList<>(List.of(f.kind().kind + " in version",
                        "cannot be handled as a " + f.kind().kind));
                if (w.goName() != null) {
                    words.add("cannot unmarshal " + w.goName());
                }
                out.add(new BadRequest(f.kind().kind + " " + f.path() + " (" + f.type() + ") set to " + w.json()
                        + (mode.isEmpty() ? "" : " with " + mode.substring(1)), "POST", f.kind().collection + mode,
                        Fixtures.JSON, body.getBytes(StandardCharsets.UTF_8), 400, "BadRequest",
                        List.copyOf(words), null));
            }
        }
        return out;
    }

    private static List<Wrong> wrongValues(FieldType type) {
        Wrong string = new Wrong("\"text\"", "string");
        Wrong number = new Wrong("42", "number");
        Wrong fraction = new Wrong("1.5", "number");
        Wrong bool = new Wrong("true", "bool");
        Wrong object = new Wrong("{\"k\":\"v\"}", "object");
        Wrong array = new Wrong("[\"a\"]", "array");
        return switch (type) {
            case STRING -> List.of(number, bool, object, array);
            case INT -> List.of(string, fraction, bool, object, array);
            case BOOL -> List.of(string, number, object, array);
            case STRING_MAP -> List.of(string, number, array, new Wrong("{\"k\":7}", "number"),
                    new Wrong("{\"k\":{\"nested\":\"v\"}}", "object"));
            case LIST -> List.of(string, number, bool, object, new Wrong("[\"not-an-object\"]", "string"));
            case STRING_LIST -> List.of(string, object, new Wrong("[7]", "number"), new Wrong("[{}]", "object"));
            case STRUCT -> List.of(string, number, bool, array);
            case INT_OR_STRING -> List.of(fraction, bool, object, array);
            // Go parses any non-string quantity as text and reports the quantity syntax, not a JSON type.
            case QUANTITY -> List.of(new Wrong("true", null), new Wrong("{\"k\":\"v\"}", null),
                    new Wrong("[\"a\"]", null));
        };
    }
}
