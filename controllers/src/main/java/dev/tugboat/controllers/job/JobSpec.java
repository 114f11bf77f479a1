package dev.tugboat.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The parts of a Job's spec the controller decides by, with the API's defaults applied.
 *
 * @param completions           wanted successes, or -1 when unset (a work-queue Job)
 * @param parallelism           pods running at once
 * @param backoffLimit          failures tolerated
 * @param indexed               completionMode Indexed
 * @param suspend               suspended
 * @param activeDeadlineSeconds how long the Job may be active
 * @param restartPolicy         the pod template's restart policy
 * @param onlyReplaceFailed     podReplacementPolicy Failed (or a podFailurePolicy): terminating pods are
 *                              not replaced until they have failed
 */
record JobSpec(int completions, int parallelism, int backoffLimit, boolean indexed, boolean suspend,
               Optional<Long> activeDeadlineSeconds, String restartPolicy, boolean onlyReplaceFailed) {

    static JobSpec of(JsonNode job) {
        JsonNode spec = job.path("spec");
        boolean hasFailurePolicy = spec.hasNonNull("podFailurePolicy");
        String replacement = spec.path("podReplacementPolicy").asText(hasFailurePolicy ? "Failed" : "TerminatingOrFailed");
        return new JobSpec(
                spec.hasNonNull("completions") ? spec.path("completions").asInt() : -1,
                spec.path("parallelism").asInt(1),
                spec.path("backoffLimit").asInt(6),
                "Indexed".equals(spec.path("completionMode").asText("NonIndexed")),
                spec.path("suspend").asBoolean(false),
                spec.hasNonNull("activeDeadlineSeconds") ? Optional.of(spec.path("activeDeadlineSeconds").asLong())
                        : Optional.empty(),
                spec.path("template").path("spec").path("restartPolicy").asText(""),
                hasFailurePolicy || "Failed".equals(replacement));
    }
}
