package dev.tugboat.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TtlAfterFinishedTest {

    static final Instant FINISHED = Instant.parse("2025-01-01T00:00:00Z");

    static ObjectNode job(Integer ttl, String condition) {
        ObjectNode job = Json.object();
        job.putObject("metadata").put("name", "j").put("namespace", "ns");
        ObjectNode spec = job.putObject("spec");
        if (ttl != null) {
            spec.put("ttlSecondsAfterFinished", ttl);
        }
        if (condition != null) {
            job.putObject("status").putArray("conditions").addObject().put("type", condition).put("status", "True")
                    .put("lastTransitionTime", "2025-01-01T00:00:00Z");
        }
        return job;
    }

    @Test
    void aFinishedJobExpiresTtlSecondsAfterItsFinishingCondition() {
        assertThat(TtlAfterFinishedController.timeLeft(job(100, "Complete"), FINISHED.plusSeconds(30)))
                .contains(Duration.ofSeconds(70));
        assertThat(TtlAfterFinishedController.timeLeft(job(100, "Failed"), FINISHED.plusSeconds(130)))
                .contains(Duration.ofSeconds(-30));
        assertThat(TtlAfterFinishedController.timeLeft(job(0, "Complete"), FINISHED)).contains(Duration.ZERO);
    }

    @Test
    void unfinishedJobsJobsWithoutTtlAndDeletedJobsAreLeftAlone() {
        assertThat(TtlAfterFinishedController.timeLeft(job(100, null), FINISHED)).isEmpty();
        assertThat(TtlAfterFinishedController.timeLeft(job(100, "SuccessCriteriaMet"), FINISHED)).isEmpty();
        assertThat(TtlAfterFinishedController.timeLeft(job(null, "Complete"), FINISHED)).isEmpty();
        ObjectNode deleting = job(0, "Complete");
        deleting.withObjectProperty("metadata").put("deletionTimestamp", "2025-01-01T00:00:01Z");
        assertThat(TtlAfterFinishedController.timeLeft(deleting, FINISHED)).isEmpty();
    }

    @Test
    void aFinishedJobWithoutATransitionTimeIsAnError() {
        ObjectNode job = job(10, "Complete");
        ((ObjectNode) job.path("status").path("conditions").get(0)).remove("lastTransitionTime");
        assertThatThrownBy(() -> TtlAfterFinishedController.timeLeft(job, FINISHED))
                .hasMessage("unable to find the time when the Job ns/j finished");
    }
}
