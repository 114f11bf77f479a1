package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adoption and release of dependents (upstream's ControllerRefManager): of the candidates in the
 * owner's namespace, keeps those the owner controls whose labels still match, releases the ones that
 * no longer match, and adopts matching orphans. Adoption is refused while the owner is being deleted,
 * checked once against a fresh read of the owner so that a stale cache cannot adopt into a dying owner.
 * One instance per reconcile.
 */
public final class ControllerRefManager {

    private final JsonNode owner;
    private final OwnerKind ownerKind;
    private final LabelSelector selector;
    private final ResourceClient dependents;
    private final Supplier<Optional<JsonNode>> freshOwner;
    private Boolean canAdopt;

    /**
     * @param dependents the API of the candidates' resource
     * @param freshOwner reads the owner from the API (empty when it is gone)
     */
    public ControllerRefManager(JsonNode owner, OwnerKind ownerKind, LabelSelector selector,
                                ResourceClient dependents, Supplier<Optional<JsonNode>> freshOwner) {
        this.owner = owner;
        this.ownerKind = ownerKind;
        this.selector = selector;
        this.dependents = dependents;
        this.freshOwner = freshOwner;
    }

    /** The candidates this owner controls after adoption and release, in the candidates' order. */
    public List<JsonNode> claim(List<? extends JsonNode> candidates) {
        String uid = Meta.uid(owner);
        List<JsonNode> claimed = new ArrayList<>();
        for (JsonNode obj : candidates) {
            Optional<JsonNode> ref = ControllerRefs.controllerOf(obj);
            boolean matches = selector.matches(Meta.labels(obj));
            if (ref.isPresent()) {
                if (!uid.equals(ref.get().path("uid").asText())) {
                    continue;
                }
                if (matches) {
                    claimed.add(obj);
                } else if (!Meta.isDeleting(owner)) {
                    release(obj);
                }
            } else if (matches && !Meta.isDeleting(owner) && !Meta.isDeleting(obj) && canAdopt()) {
                adopt(obj).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    private boolean canAdopt() {
        if (canAdopt == null) {
            Optional<JsonNode> fresh = freshOwner.get();
            canAdopt = fresh.isPresent() && Meta.uid(fresh.get()).equals(Meta.uid(owner))
                    && !Meta.isDeleting(fresh.get());
        }
        return canAdopt;
    }

    private Optional<JsonNode> adopt(JsonNode obj) {
        ObjectNode patch = Json.object();
        ObjectNode meta = patch.putObject("metadata");
        meta.putArray("ownerReferences").add(ownerKind.controllerRef(owner));
        meta.put("uid", Meta.uid(obj));
        try {
            return Optional.of(dependents.patch(Meta.namespace(obj), Meta.name(obj), PatchType.STRATEGIC, patch));
        } catch (StatusException e) {
            if (e.isNotFound() || e.isConflict() || e.isInvalid()) {
                // Gone or replaced by another object of the same name: not ours to adopt.
                return Optional.empty();
            }
            throw e;
        }
    }

    private void release(JsonNode obj) {
        ObjectNode patch = Json.object();
        ObjectNode meta = patch.putObject("metadata");
        ObjectNode delete = meta.putArray("ownerReferences").addObject();
        delete.put("$patch", "delete");
        delete.put("uid", Meta.uid(owner));
        meta.put("uid", Meta.uid(obj));
        try {
            dependents.patch(Meta.namespace(obj), Meta.name(obj), PatchType.STRATEGIC, patch);
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict() && !e.isInvalid()) {
                throw e;
            }
        }
    }
}
