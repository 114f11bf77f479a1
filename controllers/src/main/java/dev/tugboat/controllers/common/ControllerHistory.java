package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads and writes a controller's ControllerRevisions through the API (upstream's history.Interface):
 * claiming them from a cache, creating with name-collision handling, renumbering and deleting.
 * Thread-safe.
 */
public final class ControllerHistory {

    /** A created (or found identical) revision and the collision count that named it. */
    public record Created(ObjectNode revision, int collisionCount) {
    }

    /** Gives up after this many name collisions in one create (a hash collision storm is a bug). */
    private static final int MAX_COLLISIONS = 100;

    private final ResourceClient revisions;

    public ControllerHistory(ApiClient api) {
        this.revisions = api.resource(Revisions.CONTROLLER_REVISIONS);
    }

    public ResourceClient client() {
        return revisions;
    }

    /**
     * The revisions {@code owner} controls among {@code candidates} (revisions of its namespace), after
     * adopting matching orphans and releasing those whose labels no longer match; sorted by revision.
     */
    public List<JsonNode> claim(JsonNode owner, OwnerKind kind, LabelSelector selector,
                                List<? extends JsonNode> candidates, Supplier<Optional<JsonNode>> freshOwner) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode cr : candidates) {
            if (ControllerRefs.controllerOf(cr).isEmpty() && !selector.matches(Meta.labels(cr))) {
                continue;
            }
            matching.add(cr);
        }
        return Revisions.sorted(new ControllerRefManager(owner, kind, selector, revisions, freshOwner).claim(matching));
    }

    /**
     * Creates {@code revision} (built by {@link Revisions#newRevision} with {@code collisionCount}); when
     * its name is taken by different data, bumps the count and tries the next name (upstream's
     * CreateControllerRevision). An existing revision with the same data is returned as is.
     */
    public Created create(JsonNode owner, ObjectNode revision, int collisionCount) {
        int count = collisionCount;
        for (int i = 0; i < MAX_COLLISIONS; i++) {
            ObjectNode attempt = revision.deepCopy();
            String hash = Revisions.hash(revision.path("data"), count);
            ObjectNode meta = Meta.mutableMetadata(attempt);
            meta.put("name", Revisions.name(Meta.name(owner), hash));
            ObjectNode labels = meta.get("labels") instanceof ObjectNode o ? o : meta.putObject("labels");
            labels.put(Revisions.HASH_LABEL, hash);
            try {
                return new Created(revisions.create(Meta.namespace(owner), attempt), count);
            } catch (StatusException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                ObjectNode existing = revisions.get(Meta.namespace(owner), Meta.name(attempt));
                if (Revisions.sameData(existing.path("data"), revision.path("data"))) {
                    return new Created(existing, count);
                }
                count++;
            }
        }
        throw new IllegalStateException("too many ControllerRevision name collisions for " + Meta.name(owner));
    }

    /** Sets a revision's number (a rollback to an older template makes it the newest). */
    public ObjectNode updateRevision(JsonNode revision, long newRevision) {
        if (Revisions.revision(revision) == newRevision) {
            return (ObjectNode) revision;
        }
        return revisions.modify(Meta.namespace(revision), Meta.name(revision), cur -> {
            if (Revisions.revision(cur) == newRevision) {
                return null;
            }
            cur.put("revision", newRevision);
            return cur;
        });
    }

    /** Deletes a revision; one already gone counts as deleted. */
    public void delete(JsonNode revision) {
        try {
            revisions.delete(Meta.namespace(revision), Meta.name(revision),
                    DeleteOptions.DEFAULT.withPreconditionUid(Meta.uid(revision)));
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
    }
}
