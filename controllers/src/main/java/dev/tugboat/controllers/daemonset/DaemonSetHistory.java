package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.ControllerHistory;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.Revisions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A DaemonSet's ControllerRevisions (upstream's daemon/update.go constructHistory, snapshot, dedup and
 * cleanupHistory): the revision of the current template is found or created and made the newest, and
 * old revisions beyond revisionHistoryLimit that no pod uses any more are deleted.
 */
final class DaemonSetHistory {

    /** The current revision (its hash labels new pods) and the older ones. */
    record Current(JsonNode revision, String hash, List<JsonNode> old) {
    }

    private final ControllerHistory history;
    private final ResourceClient pods;
    private final ResourceClient daemonSetStatus;

    DaemonSetHistory(ControllerHistory history, ResourceClient pods, ResourceClient daemonSetStatus) {
        this.history = history;
        this.pods = pods;
        this.daemonSetStatus = daemonSetStatus;
    }

    /**
     * The template hash of a DaemonSet (upstream's ComputeHash): FNV-1a of the template's JSON and, once
     * there were collisions, of the collision count.
     */
    static String templateHash(JsonNode ds) {
        byte[] template = GoJson.write(ds.path("spec").path("template")).getBytes(StandardCharsets.UTF_8);
        JsonNode cc = ds.path("status").path("collisionCount");
        if (cc.isMissingNode() || cc.isNull()) {
            return Revisions.encodeHash(Revisions.fnv32a(template));
        }
        byte[] count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(cc.asInt()).array();
        return Revisions.encodeHash(Revisions.fnv32a(template, count));
    }

    Current construct(JsonNode ds, LabelSelector selector, List<? extends JsonNode> candidates,
                      List<JsonNode> dsPods, Supplier<Optional<JsonNode>> freshDs) {
        List<JsonNode> revisions = history.claim(ds, DaemonSetController.KIND, selector, candidates, freshDs);
        ObjectNode patch = Revisions.templatePatch(ds);
        List<JsonNode> current = new ArrayList<>();
        List<JsonNode> old = new ArrayList<>();
        long maxOld = 0;
        for (JsonNode r : revisions) {
            if (Revisions.sameData(r.path("data"), patch)) {
                current.add(r);
            } else {
                old.add(r);
                maxOld = Math.max(maxOld, Revisions.revision(r));
            }
        }
        JsonNode cur = current.isEmpty() ? snapshot(ds, patch, maxOld + 1) : dedup(current, dsPods);
        if (Revisions.revision(cur) <= maxOld) {
            cur = history.updateRevision(cur, maxOld + 1);
        }
        String hash = Meta.labels(cur).getOrDefault(DaemonPods.HASH_LABEL, "");
        return new Current(cur, hash, old);
    }

    private JsonNode snapshot(JsonNode ds, ObjectNode patch, long revision) {
        String hash = templateHash(ds);
        ObjectNode cr = Revisions.newRevision(ds, DaemonSetController.KIND,
                Meta.labels(ds.path("spec").path("template")), patch, revision, null);
        ObjectNode meta = Meta.mutableMetadata(cr);
        meta.put("name", Revisions.name(Meta.name(ds), hash));
        ObjectNode labels = (ObjectNode) meta.get("labels");
        labels.remove(Revisions.HASH_LABEL);
        labels.put(DaemonPods.HASH_LABEL, hash);
        if (ds.path("metadata").path("annotations").isObject()) {
            meta.set("annotations", ds.path("metadata").path("annotations").deepCopy());
        }
        try {
            return history.client().create(Meta.namespace(ds), cr);
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            ObjectNode existing = history.client().get(Meta.namespace(ds), Meta.name(cr));
            if (ControllerRefs.isControlledBy(existing, Meta.uid(ds))
                    && Revisions.sameData(existing.path("data"), patch)) {
                return existing;
            }
            // A hash collision: a different template already owns this name. Bump collisionCount so the
            // next attempt hashes to another name.
            daemonSetStatus.modify(Meta.namespace(ds), Meta.name(ds), cur -> {
                ObjectNode status = cur.get("status") instanceof ObjectNode s ? s : cur.putObject("status");
                status.put("collisionCount", status.path("collisionCount").asInt(0) + 1);
                return cur;
            });
            throw new IllegalStateException("ControllerRevision " + Meta.name(cr)
                    + " already exists with other data; collisionCount raised", e);
        }
    }

    /** Of several revisions with the current template, keeps the newest and relabels the pods of the others. */
    private JsonNode dedup(List<JsonNode> current, List<JsonNode> dsPods) {
        JsonNode keep = current.get(0);
        for (JsonNode r : current) {
            if (Revisions.revision(r) > Revisions.revision(keep)) {
                keep = r;
            }
        }
        String keepHash = Meta.labels(keep).getOrDefault(DaemonPods.HASH_LABEL, "");
        for (JsonNode r : current) {
            if (r == keep) {
                continue;
            }
            String hash = Meta.labels(r).get(DaemonPods.HASH_LABEL);
            for (JsonNode pod : dsPods) {
                if (hash != null && hash.equals(Meta.labels(pod).get(DaemonPods.HASH_LABEL))) {
                    relabel(pod, keepHash);
                }
            }
            history.delete(r);
        }
        return keep;
    }

    private void relabel(JsonNode pod, String hash) {
        ObjectNode patch = Json.object();
        patch.putObject("metadata").putObject("labels").put(DaemonPods.HASH_LABEL, hash);
        try {
            pods.patch(Meta.namespace(pod), Meta.name(pod), PatchType.STRATEGIC, patch);
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** Deletes the oldest unused old revisions beyond revisionHistoryLimit (default 10). */
    void cleanup(JsonNode ds, List<JsonNode> old, List<JsonNode> dsPods) {
        int limit = ds.path("spec").path("revisionHistoryLimit").asInt(10);
        int toKill = old.size() - limit;
        if (toKill <= 0) {
            return;
        }
        Set<String> live = new HashSet<>();
        dsPods.forEach(p -> {
            String h = Meta.labels(p).get(DaemonPods.HASH_LABEL);
            if (h != null) {
                live.add(h);
            }
        });
        for (JsonNode r : Revisions.sorted(old)) {
            if (toKill <= 0) {
                break;
            }
            if (live.contains(Meta.labels(r).get(DaemonPods.HASH_LABEL))) {
                continue;
            }
            history.delete(r);
            toKill--;
        }
    }
}
