package dev.tugboat.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field set of events. Both API groups select on core/v1's names ({@code involvedObject.*},
 * {@code reportingComponent}); events.k8s.io/v1 requests spell them {@code regarding.*} and
 * {@code reportingController}, which {@link SelectableFields#convert} maps.
 */
final class EventFields {

    private static final List<String> OBJECT_PARTS =
            List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath");

    static final List<String> CORE_LABELS = List.of("involvedObject.kind", "involvedObject.namespace",
            "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source",
            "type", "metadata.namespace", "metadata.name");

    static final Map<String, String> EVENTS_LABELS = eventsLabels();

    private EventFields() {
    }

    private static Map<String, String> eventsLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reason", "reason");
        for (String part : OBJECT_PARTS) {
            m.put("regarding." + part, "involvedObject." + part);
        }
        m.put("reportingController", "reportingComponent");
        m.put("source", "source");
        m.put("type", "type");
        m.put("metadata.namespace", "metadata.namespace");
        m.put("metadata.name", "metadata.name");
        return m;
    }

    /** A core/v1 Event. {@code source} is the source component, else the reporting controller. */
    static Map<String, String> coreFields(JsonNode event) {
        return fields(event, event.path("involvedObject"), SelectableFields.text(event, "reportingComponent"),
                SelectableFields.text(event, "source", "component"));
    }

    /** An events.k8s.io/v1 Event, mapped onto the core names. */
    static Map<String, String> eventsFields(JsonNode event) {
        return fields(event, event.path("regarding"), SelectableFields.text(event, "reportingController"),
                SelectableFields.text(event, "deprecatedSource", "component"));
    }

    private static Map<String, String> fields(JsonNode event, JsonNode object, String reporting, String component) {
        Map<String, String> f = SelectableFields.meta(event);
        for (String part : OBJECT_PARTS) {
            f.put("involvedObject." + part, SelectableFields.text(object, part));
        }
        f.put("reason", SelectableFields.text(event, "reason"));
        f.put("reportingComponent", reporting);
        f.put("source", component.isEmpty() ? reporting : component);
        f.put("type", SelectableFields.text(event, "type"));
        return f;
    }
}
