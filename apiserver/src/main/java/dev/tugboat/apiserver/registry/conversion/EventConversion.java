package dev.tugboat.apiserver.registry.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.apiserver.registry.VersionConverter;
import java.util.List;

/**
 * {@code events.k8s.io/v1} Events served from core/v1 storage: one stored object, two views
 * (regarding ↔ involvedObject, note ↔ message, deprecatedSource/Count/FirstTimestamp/LastTimestamp ↔
 * source/count/firstTimestamp/lastTimestamp, reportingController ↔ reportingComponent).
 */
public final class EventConversion implements VersionConverter {

    /** events.k8s.io/v1 field ↔ core/v1 field. */
    private static final List<String[]> RENAMES = List.of(
            new String[] {"regarding", "involvedObject"},
            new String[] {"note", "message"},
            new String[] {"deprecatedSource", "source"},
            new String[] {"deprecatedCount", "count"},
            new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
            new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
            new String[] {"reportingController", "reportingComponent"});

    /** Fields with the same name in both versions. */
    private static final List<String> SAME = List.of("metadata", "eventTime", "series", "reportingInstance",
            "action", "reason", "related", "type");

    @Override
    public ObjectNode toServed(ObjectNode core) {
        ObjectNode out = Json.object();
        out.put("apiVersion", "events.k8s.io/v1");
        out.put("kind", "Event");
        copy(core, out, SAME);
        for (String[] r : RENAMES) {
            JsonNode v = core.get(r[1]);
            if (v != null && !v.isNull() && !(v.isNumber() && r[1].equals("count") && v.asLong() == 0)) {
                out.set(r[0], v.deepCopy());
            }
        }
        return out;
    }

    @Override
    public ObjectNode toStorage(ObjectNode served) {
        ObjectNode out = Json.object();
        out.put("apiVersion", "v1");
        out.put("kind", "Event");
        copy(served, out, SAME);
        for (String[] r : RENAMES) {
            JsonNode v = served.get(r[0]);
            if (v != null && !v.isNull()) {
                out.set(r[1], v.deepCopy());
            }
        }
        return out;
    }

    private static void copy(ObjectNode from, ObjectNode to, List<String> fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v.deepCopy());
            }
        }
    }
}
