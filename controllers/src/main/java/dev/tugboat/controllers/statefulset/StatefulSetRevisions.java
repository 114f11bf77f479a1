package dev.tugboat.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.ControllerHistory;
import dev.tugboat.controllers.common.Revisions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A StatefulSet's current and update revisions (upstream's getStatefulSetRevisions and truncateHistory):
 * the update revision records the set's template (an identical older revision is renumbered to be the
 * newest, which is how {@code kubectl rollout undo} takes effect); the current revision is the one
 * {@code status.currentRevision} names, or the update revision for a new set.
 */
final class StatefulSetRevisions {

    record Resolved(JsonNode current, JsonNode update, int collisionCount) {
    }

    private final ControllerHistory history;

    StatefulSetRevisions(ControllerHistory history) {
        this.history = history;
    }

    /** @param revisions the set's revisions, sorted by revision */
    Resolved resolve(JsonNode set, List<JsonNode> revisions) {
        int collisionCount = set.path("status").path("collisionCount").asInt(0);
        long next = Revisions.nextRevision(revisions);
        ObjectNode candidate = Revisions.newRevision(set, StatefulSetController.KIND,
                Meta.labels(set.path("spec").path("template")), Revisions.templatePatch(set), next, collisionCount);
        if (set.path("metadata").path("annotations").isObject()) {
            Meta.mutableMetadata(candidate).set("annotations", set.path("metadata").path("annotations").deepCopy());
        }
        JsonNode lastEqual = null;
        for (JsonNode r : revisions) {
            if (Revisions.sameData(r.path("data"), candidate.path("data"))) {
                lastEqual = r;
            }
        }
        JsonNode update;
        if (lastEqual != null && lastEqual == revisions.get(revisions.size() - 1)) {
            update = lastEqual;
        } else if (lastEqual != null) {
            update = history.updateRevision(lastEqual, next);
        } else {
            ControllerHistory.Created created = history.create(set, candidate, collisionCount);
            update = created.revision();
            collisionCount = created.collisionCount();
        }
        String currentName = set.path("status").path("currentRevision").asText("");
        JsonNode current = update;
        for (JsonNode r : revisions) {
            if (Meta.name(r).equals(currentName)) {
                current = r;
                break;
            }
        }
        return new Resolved(current, update, collisionCount);
    }

    /**
     * Deletes the oldest revisions beyond revisionHistoryLimit (default 10) that neither a pod nor the
     * current or update revision uses.
     */
    void truncate(JsonNode set, List<JsonNode> pods, List<JsonNode> revisions, JsonNode current, JsonNode update) {
        Set<String> live = new HashSet<>();
        live.add(Meta.name(current));
        live.add(Meta.name(update));
        pods.forEach(p -> live.add(StatefulPods.revision(p)));
        List<JsonNode> unused = new ArrayList<>();
        for (JsonNode r : Revisions.sorted(revisions)) {
            if (!live.contains(Meta.name(r))) {
                unused.add(r);
            }
        }
        int limit = set.path("spec").path("revisionHistoryLimit").asInt(10);
        for (int i = 0; i < unused.size() - limit; i++) {
            history.delete(unused.get(i));
        }
    }
}
