package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;

/**
 * What the rollout arithmetic reads of a Deployment's spec. {@code revisionHistoryLimit} and
 * {@code progressDeadlineSeconds} are null when unset (apps/v1 defaults both); {@code statusReplicas}
 * is the last status's replicas (proportional scaling falls back to it).
 */
public record DeploymentView(String name, long generation, int replicas, Strategy strategy, IntOrPercent maxSurge,
                             IntOrPercent maxUnavailable, int minReadySeconds, Integer revisionHistoryLimit,
                             Integer progressDeadlineSeconds, boolean paused, int statusReplicas) {

    public enum Strategy { ROLLING_UPDATE, RECREATE }

    static final IntOrPercent DEFAULT_FENCEPOST = IntOrPercent.percent(25);

    public static DeploymentView of(JsonNode d) {
        JsonNode spec = d.path("spec");
        JsonNode strategy = spec.path("strategy");
        Strategy type = "Recreate".equals(strategy.path("type").asText()) ? Strategy.RECREATE : Strategy.ROLLING_UPDATE;
        JsonNode rolling = strategy.path("rollingUpdate");
        return new DeploymentView(Meta.name(d), Meta.generation(d), spec.path("replicas").asInt(1), type,
                IntOrPercent.parse(rolling.get("maxSurge"), DEFAULT_FENCEPOST),
                IntOrPercent.parse(rolling.get("maxUnavailable"), DEFAULT_FENCEPOST),
                spec.path("minReadySeconds").asInt(0), optionalInt(spec, "revisionHistoryLimit"),
                optionalInt(spec, "progressDeadlineSeconds"), spec.path("paused").asBoolean(false),
                d.path("status").path("replicas").asInt(0));
    }

    private static Integer optionalInt(JsonNode spec, String field) {
        JsonNode v = spec.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    /** A rolling-update Deployment for tests. */
    public static DeploymentView rolling(int replicas, IntOrPercent maxSurge, IntOrPercent maxUnavailable) {
        return new DeploymentView("d", 1, replicas, Strategy.ROLLING_UPDATE, maxSurge, maxUnavailable, 0, 10, 600,
                false, 0);
    }

    public DeploymentView withReplicas(int n) {
        return new DeploymentView(name, generation, n, strategy, maxSurge, maxUnavailable, minReadySeconds,
                revisionHistoryLimit, progressDeadlineSeconds, paused, statusReplicas);
    }

    public boolean isRollingUpdate() {
        return strategy == Strategy.ROLLING_UPDATE;
    }

    public boolean hasProgressDeadline() {
        return progressDeadlineSeconds != null && progressDeadlineSeconds != Integer.MAX_VALUE;
    }
}
