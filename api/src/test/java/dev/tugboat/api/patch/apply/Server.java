package dev.tugboat.api.patch.apply;

import static dev.tugboat.api.patch.TestJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.FieldsV1;
import dev.tugboat.api.schema.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A hand-written stand-in for the API server's write path around {@link FieldManager}: apply or
 * update, then the defaulting and status reset a real strategy does, then a "store" that bumps the
 * resourceVersion. Enough to run the apply scenarios of patch-apply-facts §5.
 */
final class Server {

    final FieldManager fields;
    final GroupVersionKind gvk;
    final FieldSet mainResetFields;
    private int revision = 1;

    Server(Schema schema, GroupVersionKind gvk, FieldSet mainResetFields) {
        this.fields = new FieldManager(schema);
        this.gvk = gvk;
        this.mainResetFields = mainResetFields;
    }

    /** Server-side apply on the main resource; returns what is stored (live itself when nothing changed). */
    ObjectNode apply(ObjectNode live, String config, String manager, boolean force, Instant now) {
        ApplyResult r = fields.apply(live, obj(config), new ApplyRequest(manager, gvk, "", force, now, mainResetFields));
        if (r.unchanged()) {
            return live;
        }
        ObjectNode obj = r.object();
        if (live != null && live.has("status")) {
            obj.set("status", live.get("status").deepCopy());
        } else if (live != null) {
            obj.remove("status");
        }
        return store(live, obj);
    }

    /** A create, update or non-apply patch; {@code updated} is the full new object. */
    ObjectNode update(ObjectNode live, ObjectNode updated, String manager, String subresource, FieldSet reset,
                      Instant now) {
        ObjectNode obj = fields.update(live, updated, new UpdateRequest(manager, gvk.apiVersion(), subresource, now, reset));
        return store(live, obj);
    }

    ObjectNode update(ObjectNode live, ObjectNode updated, String manager, Instant now) {
        return update(live, updated, manager, "", mainResetFields, now);
    }

    private ObjectNode store(ObjectNode live, ObjectNode obj) {
        if (gvk.kind().equals("Deployment")) {
            defaultDeployment(obj);
        }
        ObjectNode meta = Meta.mutableMetadata(obj);
        meta.put("uid", live == null ? "uid-1" : Meta.uid(live));
        meta.put("resourceVersion", String.valueOf(++revision));
        return obj;
    }

    /** A few of upstream's Deployment defaults, enough to show that defaults are not owned. */
    static void defaultDeployment(ObjectNode obj) {
        ObjectNode spec = obj.has("spec") ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
        if (!spec.has("replicas")) {
            spec.put("replicas", 1);
        }
        if (!spec.has("progressDeadlineSeconds")) {
            spec.put("progressDeadlineSeconds", 600);
        }
        if (!spec.has("strategy")) {
            spec.set("strategy", obj("{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}"));
        }
        JsonNode containers = spec.path("template").path("spec").path("containers");
        for (JsonNode c : containers) {
            if (!c.has("terminationMessagePath")) {
                ((ObjectNode) c).put("terminationMessagePath", "/dev/termination-log");
            }
            for (JsonNode port : c.path("ports")) {
                if (!port.has("protocol")) {
                    ((ObjectNode) port).put("protocol", "TCP");
                }
            }
        }
    }

    static List<ManagedFieldsEntry> entries(JsonNode obj) {
        return ManagedFields.parse(obj.path("metadata").get("managedFields"));
    }

    /** The fieldsV1 of one manager's entry, as compact JSON with single quotes; null if absent. */
    static String fieldsOf(JsonNode obj, String manager, ManagedFieldsEntry.Operation op) {
        return entries(obj).stream()
                .filter(e -> e.manager().equals(manager) && e.operation() == op)
                .map(e -> Json.string(FieldsV1.encode(e.fields())).replace('"', '\''))
                .findFirst().orElse(null);
    }

    static ManagedFieldsEntry entry(JsonNode obj, String manager, ManagedFieldsEntry.Operation op) {
        return entries(obj).stream().filter(e -> e.manager().equals(manager) && e.operation() == op)
                .findFirst().orElseThrow();
    }
}
