package dev.tugboat.controllers.podautoscaler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the controller remembers of one autoscaler between reconciles (upstream keeps the same in memory,
 * so a restarted controller starts afresh): its recent unstabilized recommendations, and, for autoscalers
 * with a behavior, its recent scale changes per direction. Old entries are reused in place rather than
 * removed, as upstream does, so the lists stay as long as the windows need.
 *
 * <p>Not thread-safe: the work queue hands one autoscaler to one worker at a time.
 */
final class ScalingHistory {

    /** A replica count the metrics called for, and when. */
    record Recommendation(int replicas, Instant at) {
    }

    /**
     * A scale change (by {@code change} replicas, never negative) and when; {@code outdated} once older
     * than every policy period, so that its slot may be reused.
     */
    record ScaleEvent(int change, Instant at, boolean outdated) {
    }

    final List<Recommendation> recommendations = new ArrayList<>();
    final List<ScaleEvent> scaleUps = new ArrayList<>();
    final List<ScaleEvent> scaleDowns = new ArrayList<>();

    /** Records the target's replica count as the first recommendation (upstream's recordInitialRecommendation). */
    void recordInitial(int currentReplicas, Instant now) {
        if (recommendations.isEmpty()) {
            recommendations.add(new Recommendation(currentReplicas, now));
        }
    }
}
