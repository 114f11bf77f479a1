package dev.tugboat.controllers.deployment;

import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.controllers.deployment.DeploymentStatus.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Deployment's status and conditions (upstream's calculateStatus, syncRolloutStatus and
 * checkPausedConditions with their reasons and messages). Pure: time comes in as {@code now}.
 */
public final class DeploymentProgress {

    public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String RS_UPDATED = "ReplicaSetUpdated";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";
    public static final String RS_CREATE_ERROR = "ReplicaSetCreateError";
    public static final String MINIMUM_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable";

    private DeploymentProgress() {
    }

    /** A condition that just changed: both times are now. */
    public static Condition condition(String type, String status, String reason, String message, Instant now) {
        String t = Timestamps.format(now);
        return new Condition(type, status, t, t, reason, message);
    }

    /**
     * Counts over the Deployment's ReplicaSets and the Available condition (upstream's calculateStatus);
     * the other conditions and the collision count are carried over.
     *
     * @param all   every ReplicaSet of the Deployment
     * @param newRS the one with the current template, or null
     */
    public static DeploymentStatus calculate(DeploymentView d, DeploymentStatus previous, List<ReplicaSetState> all,
                                             ReplicaSetState newRS, Instant now) {
        int available = RolloutMath.available(all);
        int unavailable = Math.max(0, RolloutMath.replicas(all) - available);
        int actual = all.stream().mapToInt(ReplicaSetState::statusReplicas).sum();
        int ready = all.stream().mapToInt(ReplicaSetState::ready).sum();
        DeploymentStatus status = new DeploymentStatus(d.generation(), actual,
                newRS == null ? 0 : newRS.statusReplicas(), ready, available, unavailable, previous.conditions(),
                previous.collisionCount());
        if (available >= d.replicas() - RolloutMath.maxUnavailable(d)) {
            return status.withCondition(condition(DeploymentStatus.AVAILABLE, "True", MINIMUM_AVAILABLE,
                    "Deployment has minimum availability.", now));
        }
        return status.withCondition(condition(DeploymentStatus.AVAILABLE, "False", MINIMUM_UNAVAILABLE,
                "Deployment does not have minimum availability.", now));
    }

    /** Every replica is updated and available and the latest spec is observed (upstream's DeploymentComplete). */
    public static boolean complete(DeploymentView d, DeploymentStatus s) {
        return s.updatedReplicas() == d.replicas() && s.replicas() == d.replicas()
                && s.availableReplicas() == d.replicas() && s.observedGeneration() >= d.generation();
    }

    /** Whether the new status shows progress over the old one (upstream's DeploymentProgressing). */
    public static boolean progressing(DeploymentStatus old, DeploymentStatus next) {
        int oldOld = old.replicas() - old.updatedReplicas();
        int newOld = next.replicas() - next.updatedReplicas();
        return next.updatedReplicas() > old.updatedReplicas() || newOld < oldOld
                || next.readyReplicas() > old.readyReplicas() || next.availableReplicas() > old.availableReplicas();
    }

    /** Whether the last progress is older than the deadline (upstream's DeploymentTimedOut). */
    public static boolean timedOut(DeploymentView d, DeploymentStatus s, Instant now) {
        if (!d.hasProgressDeadline()) {
            return false;
        }
        Optional<Condition> c = s.condition(DeploymentStatus.PROGRESSING);
        if (c.isEmpty() || c.get().reason().equals(NEW_RS_AVAILABLE)) {
            return false;
        }
        if (c.get().reason().equals(TIMED_OUT)) {
            return true;
        }
        Optional<Instant> from = Timestamps.parse(c.get().lastUpdateTime());
        return from.isPresent() && from.get().plusSeconds(d.progressDeadlineSeconds()).isBefore(now);
    }

    /**
     * The status after a rollout step (upstream's syncRolloutStatus): the counts, then the Progressing
     * condition (complete, progressing, or timed out against progressDeadlineSeconds), then the
     * ReplicaFailure condition taken from the ReplicaSets (the new one's first).
     *
     * @param d        the Deployment
     * @param previous its current status
     */
    public static DeploymentStatus rolloutStatus(DeploymentView d, DeploymentStatus previous,
                                                 List<ReplicaSetState> all, ReplicaSetState newRS, Instant now) {
        DeploymentStatus next = calculate(d, previous, all, newRS, now);
        if (!d.hasProgressDeadline()) {
            next = next.withoutCondition(DeploymentStatus.PROGRESSING);
        }
        Optional<Condition> current = previous.condition(DeploymentStatus.PROGRESSING);
        boolean alreadyComplete = next.replicas() == next.updatedReplicas() && current.isPresent()
                && current.get().reason().equals(NEW_RS_AVAILABLE);
        if (d.hasProgressDeadline() && !alreadyComplete) {
            String subject = newRS != null ? "ReplicaSet \"" + newRS.name() + "\"" : "Deployment \"" + d.name() + "\"";
            if (complete(d, next)) {
                next = next.withCondition(condition(DeploymentStatus.PROGRESSING, "True", NEW_RS_AVAILABLE,
                        subject + " has successfully progressed.", now));
            } else if (progressing(previous, next)) {
                Condition c = condition(DeploymentStatus.PROGRESSING, "True", RS_UPDATED, subject + " is progressing.",
                        now);
                // Progress refreshes lastUpdateTime even with the same reason; the transition time stays.
                if (current.isPresent() && current.get().status().equals("True")) {
                    c = new Condition(c.type(), c.status(), c.lastUpdateTime(), current.get().lastTransitionTime(),
                            c.reason(), c.message());
                }
                next = next.withoutCondition(DeploymentStatus.PROGRESSING).withCondition(c);
            } else if (timedOut(d, next, now)) {
                next = next.withCondition(condition(DeploymentStatus.PROGRESSING, "False", TIMED_OUT,
                        subject + " has timed out progressing.", now));
            }
        }
        Optional<Condition> failure = replicaFailure(all, newRS);
        return failure.isPresent() ? next.withCondition(failure.get())
                : next.withoutCondition(DeploymentStatus.REPLICA_FAILURE);
    }

    private static Optional<Condition> replicaFailure(List<ReplicaSetState> all, ReplicaSetState newRS) {
        if (newRS != null && newRS.replicaFailure().isPresent()) {
            return newRS.replicaFailure();
        }
        return all.stream().flatMap(rs -> rs.replicaFailure().stream()).findFirst();
    }

    /**
     * When to look at a Deployment again to notice that it timed out, if it is still progressing with a
     * deadline (upstream's requeueStuckDeployment); at least one second ahead.
     */
    public static Optional<Duration> checkAgainIn(DeploymentView d, DeploymentStatus s, Instant now) {
        Optional<Condition> c = s.condition(DeploymentStatus.PROGRESSING);
        if (!d.hasProgressDeadline() || c.isEmpty() || complete(d, s) || c.get().reason().equals(TIMED_OUT)) {
            return Optional.empty();
        }
        Optional<Instant> from = Timestamps.parse(c.get().lastUpdateTime());
        if (from.isEmpty()) {
            return Optional.empty();
        }
        Duration after = Duration.between(now, from.get().plusSeconds(d.progressDeadlineSeconds()));
        return Optional.of(after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : after.plusSeconds(1));
    }

    /**
     * The Progressing condition for a pause or resume (upstream's checkPausedConditions), if it changes:
     * Unknown/DeploymentPaused while paused, Unknown/DeploymentResumed on resume; a reported timeout is
     * left alone.
     */
    public static Optional<DeploymentStatus> pausedConditions(DeploymentView d, DeploymentStatus s, Instant now) {
        if (!d.hasProgressDeadline()) {
            return Optional.empty();
        }
        Optional<Condition> c = s.condition(DeploymentStatus.PROGRESSING);
        if (c.isPresent() && c.get().reason().equals(TIMED_OUT)) {
            return Optional.empty();
        }
        boolean pausedCondition = c.isPresent() && c.get().reason().equals(PAUSED);
        if (d.paused() && !pausedCondition) {
            return Optional.of(s.withCondition(condition(DeploymentStatus.PROGRESSING, "Unknown", PAUSED,
                    "Deployment is paused", now)));
        }
        if (!d.paused() && pausedCondition) {
            return Optional.of(s.withCondition(condition(DeploymentStatus.PROGRESSING, "Unknown", RESUMED,
                    "Deployment is resumed", now)));
        }
        return Optional.empty();
    }
}
