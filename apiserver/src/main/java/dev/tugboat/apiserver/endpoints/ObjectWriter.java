package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.printers.Column;
import dev.tugboat.api.printers.TablePrinter;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.watchcache.CachedObject;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Renders objects, lists and Tables in the negotiated {@link OutputFormat}. Lists of cached objects
 * stored in the served version are written by concatenating their cached JSON, without re-encoding.
 */
public final class ObjectWriter {

    private ObjectWriter() {
    }

    /** Writes one object. */
    public static void writeObject(HttpExchange ex, int status, OutputFormat out, ObjectNode obj,
                                   TablePrinter printer, String includeObject, Instant now) {
        switch (out) {
            case OutputFormat.Table t -> ex.respond(status, "application/json",
                    Json.bytes(table(t.version(), printer, List.of(obj), Json.object().put("resourceVersion",
                            obj.path("metadata").path("resourceVersion").asText()), includeObject, now, true)));
            case OutputFormat.PartialMetadata p -> ex.respond(status, "application/json",
                    Json.bytes(partialMetadata(p.version(), obj)));
            case OutputFormat.YamlObject y -> ex.respond(status, y.contentType(), yaml(obj));
            case OutputFormat.JsonObject j -> ex.respond(status, j.contentType(), Json.bytes(obj));
        }
    }

    /** Writes a list page. */
    public static void writeList(HttpExchange ex, OutputFormat out, GenericStore store, GenericStore.ListResult page,
                                 TablePrinter printer, String includeObject, Instant now) {
        ObjectNode listMeta = Json.object();
        listMeta.put("resourceVersion", Long.toString(page.revision()));
        if (!page.continueToken().isEmpty()) {
            listMeta.put("continue", page.continueToken());
        }
        if (page.remainingItemCount() >= 0) {
            listMeta.put("remainingItemCount", page.remainingItemCount());
        }
        switch (out) {
            case OutputFormat.Table t -> {
                List<ObjectNode> objs = page.items().stream().map(o -> served(store, o)).toList();
                ex.respond(200, "application/json", Json.bytes(table(t.version(), printer, objs, listMeta,
                        includeObject, now, true)));
            }
            case OutputFormat.PartialMetadata p -> ex.respond(200, "application/json", Json.bytes(
                    partialMetadataList(p.version(), listMeta, page.items().stream().map(CachedObject::object).toList())));
            case OutputFormat.YamlObject y -> ex.respond(200, y.contentType(), yaml(listTree(store, page, listMeta)));
            case OutputFormat.JsonObject j -> ex.respond(200, j.contentType(), listJson(store, page, listMeta), null);
        }
    }

    /**
     * Writes a whole list of objects that are computed rather than stored (no resourceVersion, no paging),
     * such as the resource metrics: {@code {"kind":listKind,"apiVersion":…,"metadata":{},"items":[…]}}.
     */
    public static void writeComputedList(HttpExchange ex, OutputFormat out, String apiVersion, String listKind,
                                         List<ObjectNode> items, TablePrinter printer, String includeObject,
                                         Instant now) {
        switch (out) {
            case OutputFormat.Table t -> ex.respond(200, "application/json", Json.bytes(table(t.version(), printer,
                    items, Json.object(), includeObject, now, true)));
            case OutputFormat.PartialMetadata p -> ex.respond(200, "application/json", Json.bytes(
                    partialMetadataList(p.version(), Json.object(), items)));
            case OutputFormat.YamlObject y -> ex.respond(200, y.contentType(), yaml(computedList(apiVersion, listKind,
                    items)));
            case OutputFormat.JsonObject j -> ex.respond(200, j.contentType(), Json.bytes(computedList(apiVersion,
                    listKind, items)));
        }
    }

    private static ObjectNode computedList(String apiVersion, String listKind, List<ObjectNode> items) {
        ObjectNode list = Json.object();
        list.put("kind", listKind);
        list.put("apiVersion", apiVersion);
        list.putObject("metadata");
        ArrayNode arr = list.putArray("items");
        items.forEach(arr::add);
        return list;
    }

    private static ObjectNode partialMetadataList(String version, ObjectNode listMeta, List<? extends JsonNode> objs) {
        ObjectNode list = Json.object();
        list.put("kind", "PartialObjectMetadataList");
        list.put("apiVersion", "meta.k8s.io/" + version);
        list.set("metadata", listMeta);
        ArrayNode items = list.putArray("items");
        for (JsonNode o : objs) {
            items.add(partialMetadata(version, o));
        }
        return list;
    }

    private static ObjectNode served(GenericStore store, CachedObject o) {
        return store.servedAsStored() ? o.object() : store.toServed(o.object().deepCopy());
    }

    private static ObjectNode listTree(GenericStore store, GenericStore.ListResult page, ObjectNode listMeta) {
        ObjectNode list = Json.object();
        list.put("apiVersion", store.registration().resource().kind().apiVersion());
        list.put("kind", store.registration().resource().listKind());
        list.set("metadata", listMeta);
        ArrayNode items = list.putArray("items");
        for (CachedObject o : page.items()) {
            items.add(served(store, o));
        }
        return list;
    }

    /** A list as a composite of the cached objects' bytes: nothing is re-encoded or copied. */
    private static ByteBuf listJson(GenericStore store, GenericStore.ListResult page, ObjectNode listMeta) {
        if (!store.servedAsStored()) {
            return Unpooled.wrappedBuffer(Json.bytes(listTree(store, page, listMeta)));
        }
        byte[] head = ("{\"kind\":\"" + store.registration().resource().listKind() + "\",\"apiVersion\":\""
                + store.registration().resource().kind().apiVersion() + "\",\"metadata\":" + Json.string(listMeta)
                + ",\"items\":[").getBytes(StandardCharsets.UTF_8);
        List<CachedObject> items = page.items();
        byte[][] parts = new byte[items.size() * 2 + 1][];
        parts[0] = head;
        for (int i = 0; i < items.size(); i++) {
            parts[2 * i + 1] = items.get(i).json();
            parts[2 * i + 2] = i == items.size() - 1 ? LIST_END : COMMA;
        }
        if (items.isEmpty()) {
            parts = new byte[][] {head, LIST_END};
        }
        return Unpooled.wrappedBuffer(items.size() * 2 + 1, parts);
    }

    private static final byte[] COMMA = {','};
    private static final byte[] LIST_END = {']', '}'};

    /** A {@code meta.k8s.io} Table of the given objects. */
    public static ObjectNode table(String version, TablePrinter printer, List<ObjectNode> objs, ObjectNode listMeta,
                                   String includeObject, Instant now, boolean withColumns) {
        ObjectNode t = Json.object();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/" + version);
        t.set("metadata", listMeta);
        ArrayNode cols = t.putArray("columnDefinitions");
        if (withColumns) {
            for (Column c : printer.columns()) {
                ObjectNode co = cols.addObject();
                co.put("name", c.name());
                co.put("type", c.type());
                co.put("format", c.format());
                co.put("description", c.description());
                co.put("priority", c.priority());
            }
        }
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode obj : objs) {
            rows.add(row(version, printer, obj, includeObject, now));
        }
        return t;
    }

    private static ObjectNode row(String version, TablePrinter printer, ObjectNode obj, String includeObject,
                                  Instant now) {
        ObjectNode row = Json.object();
        ArrayNode cells = row.putArray("cells");
        for (Object c : printer.cells(obj, now, true)) {
            cells.add(Json.MAPPER.valueToTree(c));
        }
        List<JsonNode> conditions = printer.rowConditions(obj);
        if (!conditions.isEmpty()) {
            ArrayNode conds = row.putArray("conditions");
            conditions.forEach(conds::add);
        }
        String include = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
        switch (include) {
            case "None" -> {
            }
            case "Object" -> row.set("object", obj);
            default -> row.set("object", partialMetadata(version, obj));
        }
        return row;
    }

    /** {@code PartialObjectMetadata} of an object. */
    public static ObjectNode partialMetadata(String version, JsonNode obj) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", "meta.k8s.io/" + version);
        p.set("metadata", obj.path("metadata").deepCopy());
        return p;
    }

    public static byte[] yaml(JsonNode node) {
        try {
            return Json.YAML.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
