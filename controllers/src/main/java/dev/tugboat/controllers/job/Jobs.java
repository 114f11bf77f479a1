package dev.tugboat.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Conditions;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.controllers.common.OwnerKind;
import java.time.Instant;
import java.util.Optional;

/** Reading a Job's spec and status the way upstream's job utilities do. Pure functions over the JSON. */
public final class Jobs {

    public static final OwnerKind KIND = new OwnerKind("batch/v1", "Job");
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    public static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    public static final String FAILURE_TARGET = "FailureTarget";
    public static final String SUSPENDED = "Suspended";

    private Jobs() {
    }

    /** The condition of this type, if the job has one. */
    public static Optional<JsonNode> condition(JsonNode job, String type) {
        return Conditions.find(job, type);
    }

    /** The condition of this type is present with status True. */
    public static boolean hasTrueCondition(JsonNode job, String type) {
        return Conditions.isTrue(job, type);
    }

    /** {@code Complete} or {@code Failed} when the job has finished (that condition is True). */
    public static Optional<String> finishedType(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asText();
            if ((COMPLETE.equals(type) || FAILED.equals(type)) && "True".equals(c.path("status").asText())) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static boolean isFinished(JsonNode job) {
        return finishedType(job).isPresent();
    }

    public static boolean isSucceeded(JsonNode job) {
        return finishedType(job).filter(COMPLETE::equals).isPresent();
    }

    /** The time the job finished: completionTime, else the finishing condition's transition time. */
    public static Optional<Instant> finishTime(JsonNode job) {
        Optional<Instant> completion = timestamp(job.path("status").path("completionTime"));
        if (completion.isPresent()) {
            return completion;
        }
        return finishedType(job).flatMap(t -> condition(job, t))
                .flatMap(c -> timestamp(c.path("lastTransitionTime")));
    }

    public static Optional<Instant> timestamp(JsonNode node) {
        return node.isTextual() ? Timestamps.parse(node.asText()) : Optional.empty();
    }
}
