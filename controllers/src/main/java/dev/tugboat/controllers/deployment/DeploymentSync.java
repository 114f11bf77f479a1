package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.ControllerRefManager;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.OwnerKind;
import dev.tugboat.controllers.common.Pods;
import dev.tugboat.controllers.deployment.RolloutMath.Scaling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reconciles one Deployment (upstream's syncDeployment and the rollout flows in sync.go, rolling.go and
 * recreate.go), reading from the informer caches and applying {@link RolloutMath} and
 * {@link DeploymentProgress} through the API. Thread-safe: all state of a reconcile lives in a
 * {@link Rollout}.
 *
 * <p>One departure from upstream: upstream writes the Deployment's revision annotation together with its
 * status (its status endpoint accepts annotations); Tugboat's status endpoint keeps only {@code status},
 * so the annotation is written with a separate metadata patch, which does not change the generation.
 */
final class DeploymentSync {

    static final OwnerKind DEPLOYMENT = new OwnerKind("apps/v1", "Deployment");

    private final Clock clock;
    private final Cache deployments;
    private final Cache replicaSets;
    private final Cache pods;
    private final ResourceClient deploymentClient;
    private final ResourceClient statusClient;
    private final ResourceClient rsClient;
    private final EventRecorder events;

    DeploymentSync(ApiClient api, Clock clock, Cache deployments, Cache replicaSets, Cache pods,
                   EventRecorder events) {
        this.clock = clock;
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.deploymentClient = api.resource(DeploymentController.DEPLOYMENTS);
        this.statusClient = deploymentClient.subresource("status");
        this.rsClient = api.resource(DeploymentController.REPLICA_SETS);
        this.events = events;
    }

    Result sync(ObjectKey key) {
        Optional<ObjectNode> d = deployments.get(key);
        return d.isEmpty() ? Result.done() : new Rollout(d.get()).run();
    }

    /** One reconcile of one Deployment: the latest versions of it and its ReplicaSets as they are written. */
    private final class Rollout {

        private ObjectNode d;
        private DeploymentView view;
        private final Map<String, ObjectNode> owned = new LinkedHashMap<>();
        private ObjectNode newRS;
        private List<String> oldNames = List.of();

        Rollout(ObjectNode d) {
            setDeployment(d);
        }

        private void setDeployment(ObjectNode d) {
            this.d = d;
            this.view = DeploymentView.of(d);
        }

        Result run() {
            LabelSelector selector = LabelSelector.fromJson(d.path("spec").path("selector"));
            if (selector.isEmpty()) {
                events.record(DEPLOYMENT.eventRef(d), EventRecorder.WARNING, "SelectingAll",
                        "This deployment is selecting all pods. A non-empty selector is required.");
                if (status().observedGeneration() < view.generation()) {
                    ObjectNode s = (ObjectNode) d.path("status").deepCopy();
                    s.put("observedGeneration", view.generation());
                    writeStatus(DeploymentStatus.of(s));
                }
                return Result.done();
            }
            claimReplicaSets(selector);
            if (Meta.isDeleting(d)) {
                findReplicaSetsAndSyncRevision(false);
                return syncStatusOnly();
            }
            DeploymentProgress.pausedConditions(view, status(), clock.now()).ifPresent(this::writeStatus);
            findReplicaSetsAndSyncRevision(false);
            if (view.paused() || isScalingEvent()) {
                return syncScale();
            }
            return view.isRollingUpdate() ? rolloutRolling() : rolloutRecreate(selector);
        }

        // ------------------------------------------------------------ reading

        private DeploymentStatus status() {
            return DeploymentStatus.of(d.path("status"));
        }

        private String namespace() {
            return Meta.namespace(d);
        }

        /** Adopts and releases ReplicaSets by selector; keeps the ones this Deployment controls. */
        private void claimReplicaSets(LabelSelector selector) {
            ObjectKey key = ObjectKey.of(d);
            List<JsonNode> claimed = new ControllerRefManager(d, DEPLOYMENT, selector, rsClient, () -> {
                try {
                    return Optional.of(deploymentClient.get(key.namespace(), key.name()));
                } catch (StatusException e) {
                    if (e.isNotFound()) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }).claim(replicaSets.list(namespace()));
            claimed.forEach(rs -> owned.put(Meta.name(rs), (ObjectNode) rs));
        }

        private ReplicaSetState state(ObjectNode rs) {
            return rs == null ? null : ReplicaSetState.of(rs);
        }

        private List<ObjectNode> oldRSs() {
            return oldNames.stream().map(owned::get).toList();
        }

        private List<ReplicaSetState> oldStates() {
            return oldRSs().stream().map(ReplicaSetState::of).toList();
        }

        private List<ReplicaSetState> allStates() {
            List<ReplicaSetState> all = new ArrayList<>(oldStates());
            if (newRS != null) {
                all.add(ReplicaSetState.of(newRS));
            }
            return all;
        }

        /**
         * Finds the ReplicaSet with the Deployment's template (the oldest, should there be several) and
         * brings its revision above the old ones' (upstream's getAllReplicaSetsAndSyncRevision); creates it
         * if asked and missing.
         */
        private void findReplicaSetsAndSyncRevision(boolean create) {
            JsonNode template = d.path("spec").path("template");
            List<ObjectNode> byAge = new ArrayList<>(owned.values());
            byAge.sort(Comparator.comparing((ObjectNode rs) -> ReplicaSetState.of(rs).created())
                    .thenComparing(Meta::name));
            newRS = byAge.stream().filter(rs -> PodTemplateHash.equalIgnoreHash(rs.path("spec").path("template"),
                    template)).findFirst().orElse(null);
            oldNames = byAge.stream().filter(rs -> rs != newRS).map(Meta::name).toList();
            long newRevision = Revisions.maxRevision(oldRSs().stream().map(Meta::annotations).toList()) + 1;
            if (newRS != null) {
                syncExistingNewReplicaSet(newRevision);
            } else if (create) {
                createNewReplicaSet(newRevision);
            }
        }

        private void syncExistingNewReplicaSet(long newRevision) {
            Map<String, String> annotations = new LinkedHashMap<>(Meta.annotations(newRS));
            boolean changed = Revisions.setNewReplicaSetAnnotations(Meta.annotations(d), annotations, newRevision,
                    true, 0, 0);
            boolean minReadyChanged = newRS.path("spec").path("minReadySeconds").asInt(0) != view.minReadySeconds();
            if (changed || minReadyChanged) {
                ObjectNode copy = newRS.deepCopy();
                setAnnotations(copy, annotations);
                setMinReadySeconds(copy);
                updateReplicaSet(copy);
                return;
            }
            setDeploymentRevision(newRS.path("metadata").path("annotations").path(Revisions.REVISION).asText(""));
            if (view.hasProgressDeadline() && status().condition(DeploymentStatus.PROGRESSING).isEmpty()) {
                writeStatus(status().withCondition(DeploymentProgress.condition(DeploymentStatus.PROGRESSING, "True",
                        DeploymentProgress.FOUND_NEW_RS, "Found new replica set \"" + Meta.name(newRS) + "\"",
                        clock.now())));
            }
        }

        private void createNewReplicaSet(long newRevision) {
            JsonNode template = d.path("spec").path("template");
            Integer collisionCount = status().collisionCount();
            String hash = PodTemplateHash.compute(template, collisionCount);
            ObjectNode rs = newReplicaSet(template, hash);
            List<ReplicaSetState> all = new ArrayList<>(oldStates());
            all.add(ReplicaSetState.of(rs));
            int replicas = RolloutMath.newReplicaSetReplicas(view, all, 0);
            ((ObjectNode) rs.get("spec")).put("replicas", replicas);
            Map<String, String> annotations = new LinkedHashMap<>();
            Revisions.setNewReplicaSetAnnotations(Meta.annotations(d), annotations, newRevision, false,
                    view.replicas(), view.replicas() + RolloutMath.maxSurge(view));
            setAnnotations(rs, annotations);

            boolean alreadyExists = false;
            ObjectNode created;
            try {
                created = rsClient.create(namespace(), rs);
            } catch (StatusException e) {
                if (!e.isAlreadyExists()) {
                    reportCreateFailure(Meta.name(rs), e);
                    throw e;
                }
                ObjectNode existing = rsClient.get(namespace(), Meta.name(rs));
                if (!ControllerRefs.isControlledBy(existing, Meta.uid(d)) || !PodTemplateHash.equalIgnoreHash(
                        existing.path("spec").path("template"), template)) {
                    // A different ReplicaSet has this name: hash again with a higher collision count.
                    writeStatus(status().withCollisionCount(collisionCount == null ? 1 : collisionCount + 1));
                    throw new IllegalStateException("replica set " + Meta.name(rs) + " exists with another template"
                            + " (hash collision); retrying with collisionCount raised");
                }
                created = existing;
                alreadyExists = true;
            }
            owned.put(Meta.name(created), created);
            newRS = created;
            if (!alreadyExists && replicas > 0) {
                events.record(DEPLOYMENT.eventRef(d), EventRecorder.NORMAL, "ScalingReplicaSet",
                        "Scaled up replica set " + Meta.name(created) + " from 0 to " + replicas);
            }
            setDeploymentRevision(Long.toString(newRevision));
            if (!alreadyExists && view.hasProgressDeadline()) {
                writeStatus(status().withCondition(DeploymentProgress.condition(DeploymentStatus.PROGRESSING, "True",
                        DeploymentProgress.NEW_RS_CREATED, "Created new replica set \"" + Meta.name(created) + "\"",
                        clock.now())));
            }
        }

        /** The ReplicaSet for the Deployment's template: named, labelled and selected by the hash. */
        private ObjectNode newReplicaSet(JsonNode template, String hash) {
            ObjectNode t = template.deepCopy();
            t.withObject("/metadata").withObject("/labels").put(PodTemplateHash.LABEL, hash);
            ObjectNode selector = d.path("spec").path("selector").deepCopy();
            selector.withObject("/matchLabels").put(PodTemplateHash.LABEL, hash);
            ObjectNode rs = Json.object();
            rs.put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
            ObjectNode meta = rs.putObject("metadata");
            meta.put("name", Meta.name(d) + "-" + hash).put("namespace", namespace());
            meta.set("labels", t.path("metadata").path("labels").deepCopy());
            meta.putArray("ownerReferences").add(DEPLOYMENT.controllerRef(d));
            ObjectNode spec = rs.putObject("spec").put("replicas", 0);
            if (view.minReadySeconds() > 0) {
                spec.put("minReadySeconds", view.minReadySeconds());
            }
            spec.set("selector", selector);
            spec.set("template", t);
            return rs;
        }

        private void reportCreateFailure(String name, StatusException e) {
            if (view.hasProgressDeadline()) {
                writeStatus(status().withCondition(DeploymentProgress.condition(DeploymentStatus.PROGRESSING, "False",
                        DeploymentProgress.RS_CREATE_ERROR,
                        "Failed to create new replica set \"" + name + "\": " + e.getMessage(), clock.now())));
            }
        }

        /** Whether some active ReplicaSet was sized for another replica count (upstream's isScalingEvent). */
        private boolean isScalingEvent() {
            for (ReplicaSetState rs : RolloutMath.active(allStates())) {
                OptionalInt desired = Revisions.intAnnotation(rs.annotations(), Revisions.DESIRED_REPLICAS);
                if (desired.isPresent() && desired.getAsInt() != view.replicas()) {
                    return true;
                }
            }
            return false;
        }

        // ------------------------------------------------------------ flows

        /** A paused Deployment or a change of replicas: resize only (upstream's sync). */
        private Result syncScale() {
            apply(RolloutMath.scale(view, state(newRS), oldStates()));
            if (view.paused()) {
                cleanup();
            }
            DeploymentStatus next = DeploymentProgress.calculate(view, status(), allStates(), state(newRS),
                    clock.now());
            writeStatus(next);
            return Result.done();
        }

        private Result syncStatusOnly() {
            writeStatus(DeploymentProgress.calculate(view, status(), allStates(), state(newRS), clock.now()));
            return Result.done();
        }

        private Result rolloutRolling() {
            if (newRS == null) {
                findReplicaSetsAndSyncRevision(true);
            }
            List<Scaling> step = RolloutMath.rollingStep(view, state(newRS), oldStates());
            if (step.isEmpty() && DeploymentProgress.complete(view, status())) {
                cleanup();
            }
            apply(step);
            return syncRolloutStatus();
        }

        private Result rolloutRecreate(LabelSelector selector) {
            List<Scaling> downs = RolloutMath.active(oldStates()).stream()
                    .map(rs -> new Scaling(rs.name(), rs.replicas(), 0, false)).toList();
            if (!downs.isEmpty()) {
                apply(downs);
                return syncRolloutStatus();
            }
            if (oldPodsRunning(selector)) {
                return syncRolloutStatus();
            }
            if (newRS == null) {
                findReplicaSetsAndSyncRevision(true);
            }
            ReplicaSetState n = state(newRS);
            apply(List.of(new Scaling(n.name(), n.replicas(), view.replicas(), false)));
            if (DeploymentProgress.complete(view, status())) {
                cleanup();
            }
            return syncRolloutStatus();
        }

        /** Old ReplicaSets still have pods, or pods of theirs that have not finished (upstream's oldPodsRunning). */
        private boolean oldPodsRunning(LabelSelector selector) {
            if (oldStates().stream().mapToInt(ReplicaSetState::statusReplicas).sum() > 0) {
                return true;
            }
            Set<String> oldUids = new HashSet<>();
            oldRSs().forEach(rs -> oldUids.add(Meta.uid(rs)));
            for (ObjectNode pod : pods.list(namespace())) {
                if (!selector.matches(Meta.labels(pod))) {
                    continue;
                }
                boolean ofOld = ControllerRefs.controllerOf(pod).map(r -> oldUids.contains(r.path("uid").asText()))
                        .orElse(false);
                if (ofOld && !Pods.isFinished(pod)) {
                    return true;
                }
            }
            return false;
        }

        private Result syncRolloutStatus() {
            DeploymentStatus current = status();
            DeploymentStatus next = DeploymentProgress.rolloutStatus(view, current, allStates(), state(newRS),
                    clock.now());
            if (next.equals(current)) {
                Optional<Duration> again = DeploymentProgress.checkAgainIn(view, next, clock.now());
                return again.map(Result::requeueAfter).orElse(Result.done());
            }
            writeStatus(next);
            return Result.done();
        }

        /** Deletes old ReplicaSets beyond the revision history limit. */
        private void cleanup() {
            for (ReplicaSetState rs : RolloutMath.toCleanUp(view, oldStates())) {
                try {
                    rsClient.delete(namespace(), rs.name());
                } catch (StatusException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
            }
        }

        // ------------------------------------------------------------ writing

        private void apply(List<Scaling> scalings) {
            for (Scaling s : scalings) {
                ObjectNode rs = owned.get(s.name());
                if (rs == null || (s.from() == s.to() && !s.syncAnnotations())) {
                    continue;
                }
                scaleReplicaSet(rs, s.to());
            }
        }

        /** Resizes a ReplicaSet and records its replica annotations (upstream's scaleReplicaSet). */
        private void scaleReplicaSet(ObjectNode rs, int to) {
            int from = rs.path("spec").path("replicas").asInt(1);
            int desired = view.replicas();
            int max = desired + RolloutMath.maxSurge(view);
            Map<String, String> annotations = new LinkedHashMap<>(Meta.annotations(rs));
            boolean annotationsChanged = Revisions.setReplicasAnnotations(annotations, desired, max);
            if (from == to && !annotationsChanged) {
                return;
            }
            ObjectNode copy = rs.deepCopy();
            ((ObjectNode) copy.get("spec")).put("replicas", to);
            setAnnotations(copy, annotations);
            ObjectNode updated = updateReplicaSet(copy);
            if (from != to) {
                events.record(DEPLOYMENT.eventRef(d), EventRecorder.NORMAL, "ScalingReplicaSet",
                        "Scaled " + (to > from ? "up" : "down") + " replica set " + Meta.name(updated) + " from "
                                + from + " to " + to);
            }
        }

        private ObjectNode updateReplicaSet(ObjectNode rs) {
            ObjectNode updated = rsClient.update(namespace(), rs);
            owned.put(Meta.name(updated), updated);
            if (newRS != null && Meta.name(newRS).equals(Meta.name(updated))) {
                newRS = updated;
            }
            return updated;
        }

        private void setAnnotations(ObjectNode obj, Map<String, String> annotations) {
            ObjectNode a = Meta.mutableMetadata(obj).putObject("annotations");
            annotations.forEach(a::put);
        }

        private void setMinReadySeconds(ObjectNode rs) {
            ObjectNode spec = (ObjectNode) rs.get("spec");
            if (view.minReadySeconds() > 0) {
                spec.put("minReadySeconds", view.minReadySeconds());
            } else {
                spec.remove("minReadySeconds");
            }
        }

        /** The Deployment's revision annotation (a metadata patch: see the class comment). */
        private void setDeploymentRevision(String revision) {
            if (revision.isEmpty() || revision.equals(Meta.annotations(d).get(Revisions.REVISION))) {
                return;
            }
            ObjectNode patch = Json.object();
            patch.putObject("metadata").putObject("annotations").put(Revisions.REVISION, revision);
            setDeployment(deploymentClient.patch(namespace(), Meta.name(d), PatchType.MERGE, patch));
        }

        /** Writes the status if it differs from the Deployment's current one. */
        private void writeStatus(DeploymentStatus next) {
            if (next.equals(status())) {
                return;
            }
            ObjectNode desired = d.deepCopy();
            desired.set("status", next.toJson());
            setDeployment(statusClient.update(namespace(), desired));
        }
    }
}
