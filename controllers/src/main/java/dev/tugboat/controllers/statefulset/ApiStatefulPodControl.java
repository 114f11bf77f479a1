package dev.tugboat.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.OwnerKind;
import dev.tugboat.controllers.common.PodControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StatefulPodControl} through the API (upstream's StatefulPodControl with its
 * StatefulPodControlObjectManager), recording upstream's events on the StatefulSet. Claims are read from
 * the informer cache and, when missing there, from the API before being created.
 */
final class ApiStatefulPodControl implements StatefulPodControl {

    static final GroupVersionResource CLAIMS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    private static final OwnerKind POD_KIND = new OwnerKind("v1", "Pod");

    private final ResourceClient pods;
    private final ResourceClient claims;
    private final Cache claimCache;
    private final EventRecorder events;

    ApiStatefulPodControl(ApiClient api, Cache claimCache, EventRecorder events) {
        this.pods = api.resource(PodControl.PODS);
        this.claims = api.resource(CLAIMS);
        this.claimCache = claimCache;
        this.events = events;
    }

    private void event(JsonNode set, String type, String reason, String message) {
        events.record(StatefulSetController.KIND.eventRef(set), type, reason, message);
    }

    @Override
    public void createStatefulPod(JsonNode set, ObjectNode pod) {
        createMissingClaims(set, pod);
        String name = Meta.name(pod);
        try {
            pods.create(Meta.namespace(set), pod);
            event(set, EventRecorder.NORMAL, "SuccessfulCreate",
                    "create Pod " + name + " in StatefulSet " + Meta.name(set) + " successful");
        } catch (StatusException e) {
            if (e.isAlreadyExists()) {
                return; // The cache is behind our own earlier create.
            }
            event(set, EventRecorder.WARNING, "FailedCreate",
                    "create Pod " + name + " in StatefulSet " + Meta.name(set) + " failed error: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void deleteStatefulPod(JsonNode set, JsonNode pod) {
        String name = Meta.name(pod);
        try {
            pods.delete(Meta.namespace(pod), name, DeleteOptions.DEFAULT.withPreconditionUid(Meta.uid(pod)));
            event(set, EventRecorder.NORMAL, "SuccessfulDelete",
                    "delete Pod " + name + " in StatefulSet " + Meta.name(set) + " successful");
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return;
            }
            event(set, EventRecorder.WARNING, "FailedDelete",
                    "delete Pod " + name + " in StatefulSet " + Meta.name(set) + " failed error: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void updateStatefulPod(JsonNode set, JsonNode pod) {
        if (!StatefulPods.storageMatches(set, pod)) {
            // A pod's volumes cannot change once created; make sure its claims exist for it.
            createMissingClaims(set, pod);
        }
        if (!claimsMatchRetentionPolicy(set, pod)) {
            updateClaimsForRetentionPolicy(set, pod);
        }
        if (StatefulPods.identityMatches(set, pod)) {
            return;
        }
        try {
            pods.modify(Meta.namespace(pod), Meta.name(pod), cur -> {
                if (!Meta.uid(cur).equals(Meta.uid(pod)) || StatefulPods.identityMatches(set, cur)) {
                    return null;
                }
                StatefulPods.updateIdentity(set, cur);
                return cur;
            });
            event(set, EventRecorder.NORMAL, "SuccessfulUpdate",
                    "update Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set) + " successful");
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return;
            }
            event(set, EventRecorder.WARNING, "FailedUpdate", "update Pod " + Meta.name(pod) + " in StatefulSet "
                    + Meta.name(set) + " failed error: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void createMissingClaims(JsonNode set, JsonNode pod) {
        for (ObjectNode claim : StatefulPods.claims(set, StatefulPods.ordinal(pod)).values()) {
            Optional<JsonNode> existing = getClaim(Meta.namespace(set), Meta.name(claim));
            if (existing.isPresent()) {
                if (Meta.isDeleting(existing.get())) {
                    throw new IllegalStateException("pvc " + Meta.name(claim) + " is being deleted");
                }
                continue;
            }
            ObjectNode toCreate = claim.deepCopy();
            setRetentionOwners(set, pod, toCreate);
            try {
                claims.create(Meta.namespace(set), toCreate);
                event(set, EventRecorder.NORMAL, "SuccessfulCreate", "create Claim " + Meta.name(claim) + " Pod "
                        + Meta.name(pod) + " in StatefulSet " + Meta.name(set) + " success");
            } catch (StatusException e) {
                if (e.isAlreadyExists()) {
                    continue;
                }
                event(set, EventRecorder.WARNING, "FailedCreate", "create Claim " + Meta.name(claim) + " for Pod "
                        + Meta.name(pod) + " in StatefulSet " + Meta.name(set) + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    private Optional<JsonNode> getClaim(String ns, String name) {
        Optional<? extends JsonNode> cached = claimCache.get(new ObjectKey(ns, name));
        if (cached.isPresent()) {
            return Optional.of(cached.get());
        }
        try {
            return Optional.of(claims.get(ns, name));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean claimsMatchRetentionPolicy(JsonNode set, JsonNode pod) {
        for (String name : claimNames(set, pod)) {
            Optional<? extends JsonNode> claim = claimCache.get(new ObjectKey(Meta.namespace(set), name));
            if (claim.isEmpty()) {
                continue; // created later, with the right owners
            }
            ArrayNode wanted = ownersFor(set, pod, claim.get());
            if (!JsonEquality.equal(wanted, claim.get().path("metadata").path("ownerReferences"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void updateClaimsForRetentionPolicy(JsonNode set, JsonNode pod) {
        for (String name : claimNames(set, pod)) {
            try {
                claims.modify(Meta.namespace(set), name, cur -> {
                    ArrayNode wanted = ownersFor(set, pod, cur);
                    if (JsonEquality.equal(wanted, cur.path("metadata").path("ownerReferences"))) {
                        return null;
                    }
                    Meta.mutableMetadata(cur).set("ownerReferences", wanted);
                    return cur;
                });
            } catch (StatusException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
    }

    private static List<String> claimNames(JsonNode set, JsonNode pod) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : StatefulPods.claims(set, StatefulPods.ordinal(pod)).entrySet()) {
            out.add(Meta.name(e.getValue()));
        }
        return out;
    }

    private static void setRetentionOwners(JsonNode set, JsonNode pod, ObjectNode claim) {
        ArrayNode owners = ownersFor(set, pod, claim);
        if (!owners.isEmpty()) {
            Meta.mutableMetadata(claim).set("ownerReferences", owners);
        }
    }

    /**
     * The owner references a claim should have (upstream's updateClaimOwnerRefForSetAndPod): its other
     * owners, plus a controller reference to the set when claims go with the set (whenDeleted Delete)
     * unless the pod is condemned and claims go on scale down, and to the pod when claims go on scale
     * down (whenScaled Delete) and the pod is condemned. A claim controlled by something else is left
     * to it.
     */
    static ArrayNode ownersFor(JsonNode set, JsonNode pod, JsonNode claim) {
        ArrayNode out = dev.tugboat.api.meta.Json.MAPPER.createArrayNode();
        String setUid = Meta.uid(set);
        String podUid = Meta.uid(pod);
        boolean foreignController = false;
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            String uid = ref.path("uid").asText();
            boolean ours = uid.equals(setUid) || (!podUid.isEmpty() && uid.equals(podUid))
                    || (ref.path("kind").asText().equals("StatefulSet") && ref.path("name").asText().equals(Meta.name(set)))
                    || (ref.path("kind").asText().equals("Pod") && ref.path("name").asText().equals(Meta.name(pod)));
            if (!ours) {
                out.add(ref);
                foreignController |= ref.path("controller").asBoolean(false);
            }
        }
        if (foreignController) {
            return out;
        }
        JsonNode policy = set.path("spec").path("persistentVolumeClaimRetentionPolicy");
        boolean deleteWithSet = "Delete".equals(policy.path("whenDeleted").asText("Retain"));
        boolean deleteOnScale = "Delete".equals(policy.path("whenScaled").asText("Retain"));
        boolean scaledDown = !StatefulPods.inOrdinalRange(pod, set);
        if (deleteWithSet && (!scaledDown || !deleteOnScale)) {
            out.add(StatefulSetController.KIND.controllerRef(set));
        }
        if (deleteOnScale && scaledDown && !podUid.isEmpty()) {
            out.add(POD_KIND.controllerRef(pod));
        }
        return out;
    }
}
