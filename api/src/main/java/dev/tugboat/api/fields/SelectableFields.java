package dev.tugboat.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.GoValues;
import dev.tugboat.api.jsonpath.JsonPath;
import dev.tugboat.api.jsonpath.JsonPathException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The field selector vocabulary of one kind: which labels a request may use (upstream's field label
 * conversion functions, with their rejection messages) and the field set of an object (upstream's
 * {@code GetAttrs}/{@code ToSelectableFields}). Immutable and thread-safe.
 *
 * <p>Typical use by the server: {@code FieldSelector s = fields.convert(FieldSelector.parse(param))}
 * once per request (a rejected label becomes a 400), then {@code fields.matches(s, obj)} per object.
 */
public final class SelectableFields {

    private static final String NAME = "metadata.name";
    private static final String NAMESPACE = "metadata.namespace";

    private final Map<String, String> accepted;
    private final Function<String, String> rejection;
    private final Function<JsonNode, Map<String, String>> extractor;

    private SelectableFields(Map<String, String> accepted, Function<String, String> rejection,
                             Function<JsonNode, Map<String, String>> extractor) {
        this.accepted = Collections.unmodifiableMap(new LinkedHashMap<>(accepted));
        this.rejection = rejection;
        this.extractor = extractor;
    }

    /** The vocabulary of a built-in kind; kinds without their own use {@code metadata.name} and {@code metadata.namespace}. */
    public static SelectableFields forKind(String group, String kind) {
        return switch (group + "/" + kind) {
            case "/Pod" -> core(PodFields.LABELS, PodFields::fields, Map.of("spec.host", "spec.nodeName"));
            case "/Node" -> core(List.of(NAME, "spec.unschedulable"), obj -> {
                Map<String, String> f = new HashMap<>();
                f.put(NAME, text(obj, "metadata", "name"));
                f.put("spec.unschedulable", Boolean.toString(obj.path("spec").path("unschedulable").asBoolean(false)));
                return f;
            }, Map.of());
            case "/ReplicationController" -> core(List.of(NAME, NAMESPACE, "status.replicas"),
                    obj -> with(obj, "status.replicas", integer(obj, "status", "replicas")), Map.of());
            case "/Namespace" -> core(List.of("status.phase", NAME),
                    obj -> with(obj, "status.phase", text(obj, "status", "phase")), Map.of());
            case "/Secret" -> core(List.of("type", NAMESPACE, NAME), obj -> with(obj, "type", text(obj, "type")),
                    Map.of());
            case "/Service" -> core(List.of(NAMESPACE, NAME, "spec.clusterIP", "spec.type"), obj -> {
                Map<String, String> f = meta(obj);
                f.put("spec.clusterIP", text(obj, "spec", "clusterIP"));
                f.put("spec.type", text(obj, "spec", "type"));
                return f;
            }, Map.of());
            case "/Event" -> core(EventFields.CORE_LABELS, EventFields::coreFields, Map.of());
            case "events.k8s.io/Event" -> new SelectableFields(EventFields.EVENTS_LABELS,
                    SelectableFields::notSupported, EventFields::eventsFields);
            case "batch/Job" -> new SelectableFields(identity(List.of(NAME, NAMESPACE, "status.successful")),
                    label -> "field label " + GoValues.quote(label) + " not supported for batchv1.Job",
                    obj -> with(obj, "status.successful", integer(obj, "status", "succeeded")));
            case "apps/ReplicaSet" -> new SelectableFields(identity(List.of(NAME, NAMESPACE, "status.replicas")),
                    SelectableFields::notKnown, obj -> with(obj, "status.replicas", integer(obj, "status", "replicas")));
            case "certificates.k8s.io/CertificateSigningRequest" -> core(List.of(NAME, "spec.signerName"),
                    obj -> with(obj, "spec.signerName", text(obj, "spec", "signerName")), Map.of());
            default -> new SelectableFields(identity(List.of(NAME, NAMESPACE)), SelectableFields::notKnown,
                    SelectableFields::meta);
        };
    }

    /**
     * The vocabulary of a custom resource version: {@code metadata.name}, {@code metadata.namespace}
     * and the CRD's {@code selectableFields} JSON paths (e.g. {@code .spec.color}). A path that is
     * absent from an object reads as the empty string.
     *
     * @throws JsonPathException when a path does not parse (CRD validation should have refused it)
     */
    public static SelectableFields forCustomResource(List<String> jsonPaths) {
        Map<String, JsonPath> paths = new LinkedHashMap<>();
        for (String p : jsonPaths) {
            paths.put(p.startsWith(".") ? p.substring(1) : p, JsonPath.parseExpression(p));
        }
        List<String> labels = new ArrayList<>(List.of(NAME, NAMESPACE));
        labels.addAll(paths.keySet());
        return new SelectableFields(identity(labels), SelectableFields::notSupported, obj -> {
            Map<String, String> f = meta(obj);
            paths.forEach((label, path) -> f.put(label, customValue(path, obj)));
            return f;
        });
    }

    private static String customValue(JsonPath path, JsonNode obj) {
        List<JsonNode> found = path.evaluate(obj, true);
        if (found.isEmpty() || found.get(0).isNull() || found.get(0).isContainerNode()) {
            return "";
        }
        return JsonPath.text(found.get(0));
    }

    /** Every label a request may use, including aliases such as {@code spec.host} or {@code regarding.kind}. */
    public Set<String> supportedLabels() {
        return accepted.keySet();
    }

    /**
     * Checks every term against the kind's vocabulary and maps aliases to the labels of
     * {@link #fields}.
     *
     * @throws InvalidFieldSelectorException with upstream's message for an unsupported label
     */
    public FieldSelector convert(FieldSelector selector) {
        return selector.transform(term -> {
            String canonical = accepted.get(term.field());
            if (canonical == null) {
                throw new InvalidFieldSelectorException(rejection.apply(term.field()));
            }
            return new FieldSelector.Term(canonical, term.equal(), term.value());
        });
    }

    /** The object's field set: label to value, as strings ({@code "true"}, {@code "3"}). */
    public Map<String, String> fields(JsonNode obj) {
        return Collections.unmodifiableMap(extractor.apply(obj));
    }

    /** Whether the object matches a selector already passed through {@link #convert}. */
    public boolean matches(FieldSelector converted, JsonNode obj) {
        return converted.isEmpty() || converted.matches(fields(obj));
    }

    // ---- construction helpers ----

    private static SelectableFields core(List<String> labels, Function<JsonNode, Map<String, String>> extractor,
                                         Map<String, String> aliases) {
        Map<String, String> accepted = identity(labels);
        accepted.putAll(aliases);
        return new SelectableFields(accepted, SelectableFields::notSupported, extractor);
    }

    private static Map<String, String> identity(List<String> labels) {
        Map<String, String> m = new LinkedHashMap<>();
        labels.forEach(l -> m.put(l, l));
        return m;
    }

    private static String notSupported(String label) {
        return "field label not supported: " + label;
    }

    private static String notKnown(String label) {
        return GoValues.quote(label) + " is not a known field selector: only " + GoValues.quote(NAME) + ", "
                + GoValues.quote(NAMESPACE);
    }

    /** {@code metadata.name} and {@code metadata.namespace} (empty for cluster-scoped objects). */
    static Map<String, String> meta(JsonNode obj) {
        Map<String, String> f = new HashMap<>();
        f.put(NAME, text(obj, "metadata", "name"));
        f.put(NAMESPACE, text(obj, "metadata", "namespace"));
        return f;
    }

    private static Map<String, String> with(JsonNode obj, String label, String value) {
        Map<String, String> f = meta(obj);
        f.put(label, value);
        return f;
    }

    static String text(JsonNode obj, String... path) {
        JsonNode n = obj;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    private static String integer(JsonNode obj, String... path) {
        String s = text(obj, path);
        return s.isEmpty() ? "0" : s;
    }
}
