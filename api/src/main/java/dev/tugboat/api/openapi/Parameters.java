package dev.tugboat.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.List;

/** The request parameters the API server accepts, as OpenAPI parameter objects. */
final class Parameters {

    /** A query parameter: name, JSON type, description. */
    record Query(String name, String type, String description) {
    }

    static final Query PRETTY = new Query("pretty", "string", "If 'true', the output is pretty printed.");
    static final Query DRY_RUN = new Query("dryRun", "string",
            "When present, modifications are not persisted. Valid value: All (run every stage, persist nothing).");
    static final Query FIELD_MANAGER = new Query("fieldManager", "string",
            "A name for the actor making the change, used to track field ownership. At most 128 printable characters.");
    static final Query FIELD_VALIDATION = new Query("fieldValidation", "string",
            "How to treat unknown and duplicate fields in the body: Ignore (drop them), Warn (drop them and return a "
                    + "warning per field) or Strict (fail the request).");
    static final Query FORCE = new Query("force", "boolean",
            "Apply requests only: take over fields owned by other managers instead of failing with a conflict.");
    static final Query LABEL_SELECTOR = new Query("labelSelector", "string",
            "Restrict the objects to those whose labels match this selector. Defaults to everything.");
    static final Query FIELD_SELECTOR = new Query("fieldSelector", "string",
            "Restrict the objects to those whose fields match this selector. Defaults to everything.");
    static final Query LIMIT = new Query("limit", "integer",
            "The maximum number of objects to return; more may be fetched with the continue token in the list metadata.");
    static final Query CONTINUE = new Query("continue", "string",
            "The continue token of a previous, limited list call, to fetch the next chunk of results.");
    static final Query RESOURCE_VERSION = new Query("resourceVersion", "string",
            "The resource version a list or watch is served from; see resourceVersionMatch.");
    static final Query RESOURCE_VERSION_MATCH = new Query("resourceVersionMatch", "string",
            "How resourceVersion is applied to a list: Exact or NotOlderThan.");
    static final Query WATCH = new Query("watch", "boolean",
            "Watch for changes instead of listing: a stream of added, modified and deleted events.");
    static final Query ALLOW_WATCH_BOOKMARKS = new Query("allowWatchBookmarks", "boolean",
            "Ask for BOOKMARK events, which carry only a resource version, during a watch.");
    static final Query SEND_INITIAL_EVENTS = new Query("sendInitialEvents", "boolean",
            "Start a watch with synthetic ADDED events for the current state, then a bookmark.");
    static final Query TIMEOUT_SECONDS = new Query("timeoutSeconds", "integer",
            "A time limit for the list or watch call, whatever the activity.");
    static final Query GRACE_PERIOD_SECONDS = new Query("gracePeriodSeconds", "integer",
            "Seconds before the object is deleted; 0 deletes at once. Unset uses the kind's default.");
    static final Query ORPHAN_DEPENDENTS = new Query("orphanDependents", "boolean",
            "Deprecated: use propagationPolicy. Whether dependents are orphaned.");
    static final Query PROPAGATION_POLICY = new Query("propagationPolicy", "string",
            "How garbage collection treats dependents: Orphan, Background or Foreground.");

    static final List<Query> LIST = List.of(ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT,
            RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH);
    static final List<Query> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    static final List<Query> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
    static final List<Query> DELETE = List.of(DRY_RUN, GRACE_PERIOD_SECONDS, ORPHAN_DEPENDENTS, PROPAGATION_POLICY);
    static final List<Query> DELETE_COLLECTION = List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR, GRACE_PERIOD_SECONDS,
            LABEL_SELECTOR, LIMIT, ORPHAN_DEPENDENTS, PROPAGATION_POLICY, RESOURCE_VERSION, RESOURCE_VERSION_MATCH,
            SEND_INITIAL_EVENTS, TIMEOUT_SECONDS);

    private Parameters() {
    }

    static void addQuery(ArrayNode params, List<Query> queries) {
        for (Query q : queries) {
            ObjectNode p = params.addObject().put("description", q.description()).put("in", "query").put("name", q.name());
            p.putObject("schema").put("type", q.type()).put("uniqueItems", true);
        }
    }

    static ObjectNode path(String name, String description) {
        ObjectNode p = Json.object().put("description", description).put("in", "path").put("name", name)
                .put("required", true);
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
        return p;
    }
}
