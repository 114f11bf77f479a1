package dev.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class JobFromTemplateTest {

    static ObjectNode cronJob() {
        ObjectNode cj = Json.object();
        cj.put("apiVersion", "batch/v1").put("kind", "CronJob");
        cj.putObject("metadata").put("name", "report").put("namespace", "ns").put("uid", "u-1");
        ObjectNode template = cj.putObject("spec").putObject("jobTemplate");
        ObjectNode meta = template.putObject("metadata");
        meta.putObject("labels").put("team", "data");
        meta.putObject("annotations").put("note", "nightly");
        template.putObject("spec").put("backoffLimit", 2);
        return cj;
    }

    @Test
    void theJobIsNamedAfterTheScheduleTimeAndCarriesItInTheCronJobsZone() {
        Instant scheduled = Instant.parse("2025-01-01T10:01:00Z");
        ObjectNode job = CronJobController.jobFromTemplate(cronJob(), scheduled,
                ScheduleTimes.jobName("report", scheduled), ZoneId.of("Asia/Tokyo"));
        assertThat(Meta.name(job)).isEqualTo("report-28928761");
        assertThat(Meta.labels(job)).containsEntry("team", "data");
        assertThat(Meta.annotations(job)).containsEntry("note", "nightly")
                .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T19:01:00+09:00");
        assertThat(job.path("spec").path("backoffLimit").asInt()).isEqualTo(2);
        assertThat(job.path("metadata").path("ownerReferences").get(0).toString()).isEqualTo(
                "{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"name\":\"report\",\"uid\":\"u-1\","
                        + "\"controller\":true,\"blockOwnerDeletion\":true}");
    }

    @Test
    void inUtcTheTimestampEndsInZ() {
        Instant scheduled = Instant.parse("2025-06-01T00:00:00Z");
        ObjectNode job = CronJobController.jobFromTemplate(cronJob(), scheduled, "report-x", ZoneId.of("UTC"));
        assertThat(Meta.annotations(job)).containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp",
                "2025-06-01T00:00:00Z");
    }
}
