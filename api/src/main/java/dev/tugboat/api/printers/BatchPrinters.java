package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.Labels;
import dev.tugboat.api.meta.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Printers of Job and CronJob. */
final class BatchPrinters {

    private BatchPrinters() {
    }

    static TablePrinter job() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Status", "Status of the job."),
                Columns.str("Completions", "The number of pods which reached phase Succeeded."),
                Columns.str("Duration", "Time required to complete the job."),
                Columns.age(), Columns.containers(), Columns.images(),
                Columns.selector("A label query over pods that should match the pod count.")),
                (job, now) -> {
                    List<Object> cells = new ArrayList<>(List.of(Meta.name(job), jobStatus(job), completions(job),
                            duration(job, now), Cells.age(Obj.at(job, "metadata", "creationTimestamp"), now)));
                    cells.addAll(Cells.containerCells(Obj.at(job, "spec", "template", "spec")));
                    cells.add(Labels.formatSelector(Obj.at(job, "spec", "selector")));
                    return cells;
                });
    }

    /** The first that holds: Complete, Failed, deleting, Suspended, FailureTarget, SuccessCriteriaMet, else Running. */
    static String jobStatus(JsonNode job) {
        if (condition(job, "Complete")) {
            return "Complete";
        }
        if (condition(job, "Failed")) {
            return "Failed";
        }
        if (Meta.isDeleting(job)) {
            return "Terminating";
        }
        if (condition(job, "Suspended")) {
            return "Suspended";
        }
        if (condition(job, "FailureTarget")) {
            return "FailureTarget";
        }
        if (condition(job, "SuccessCriteriaMet")) {
            return "SuccessCriteriaMet";
        }
        return "Running";
    }

    /** The first condition of the type decides; it counts only when its status is True. */
    private static boolean condition(JsonNode job, String type) {
        for (JsonNode c : Obj.list(job, "status", "conditions")) {
            if (c.path("type").asText("").equals(type)) {
                return c.path("status").asText("").equals("True");
            }
        }
        return false;
    }

    private static String completions(JsonNode job) {
        long succeeded = Obj.num(job, "status", "succeeded");
        JsonNode completions = Obj.at(job, "spec", "completions");
        if (completions.isNumber()) {
            return succeeded + "/" + completions.asLong();
        }
        long parallelism = Obj.num(job, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    private static String duration(JsonNode job, Instant now) {
        Optional<Instant> start = Cells.time(Obj.at(job, "status", "startTime"));
        if (start.isEmpty()) {
            return "";
        }
        Instant end = Cells.time(Obj.at(job, "status", "completionTime")).orElse(now);
        return HumanDuration.format(Duration.between(start.get(), end));
    }

    static TablePrinter cronJob() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Schedule", "The schedule in Cron format."),
                Columns.str("Timezone", "The time zone name for the given schedule."),
                Columns.of("Suspend", Columns.BOOLEAN, "Whether subsequent executions are suspended."),
                Columns.integer("Active", "The number of currently running jobs."),
                Columns.str("Last Schedule", "Information when was the last time the job was successfully scheduled."),
                Columns.age(), Columns.containers(), Columns.images(),
                Columns.selector("A label query over pods that should match the pod count.")),
                (cj, now) -> {
                    JsonNode timeZone = Obj.at(cj, "spec", "timeZone");
                    JsonNode last = Obj.at(cj, "status", "lastScheduleTime");
                    List<Object> cells = new ArrayList<>(List.of(Meta.name(cj), Obj.str(cj, "spec", "schedule"),
                            timeZone.isTextual() ? timeZone.textValue() : "<none>",
                            Cells.boolPointer(Obj.at(cj, "spec", "suspend")),
                            (long) Obj.size(cj, "status", "active"),
                            Obj.has(cj, "status", "lastScheduleTime") ? Cells.age(last, now) : "<none>",
                            Cells.age(Obj.at(cj, "metadata", "creationTimestamp"), now)));
                    JsonNode jobSpec = Obj.at(cj, "spec", "jobTemplate", "spec");
                    cells.addAll(Cells.containerCells(Obj.at(jobSpec, "template", "spec")));
                    cells.add(Labels.formatSelector(jobSpec.path("selector")));
                    return cells;
                });
    }
}
