package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchPrintersTest {

    private static final TablePrinter JOB = BuiltinPrinters.forKind("batch", "Job");
    private static final TablePrinter CRON = BuiltinPrinters.forKind("batch", "CronJob");

    private static String job(String extraMeta, String spec, String status) {
        return "metadata: {name: pi, creationTimestamp: '" + ago(600) + "'" + extraMeta + "}\n"
                + "spec:\n  selector: {matchLabels: {batch.kubernetes.io/controller-uid: u1}}\n"
                + "  template: {spec: {containers: [{name: pi, image: perl}]}}\n" + spec
                + "status:\n" + status;
    }

    record Case(String name, String yaml, String status, String completions, String duration) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> jobs() {
        String started = "  startTime: '" + ago(300) + "'\n";
        return Stream.of(
                new Case("a complete job", job("", "  completions: 1\n  parallelism: 1\n", started + """
                          completionTime: '2024-05-01T11:56:30Z'
                          succeeded: 1
                          conditions: [{type: SuccessCriteriaMet, status: 'True'}, {type: Complete, status: 'True'}]
                        """), "Complete", "1/1", "90s"),
                new Case("a failed job", job("", "  completions: 2\n", started + """
                          failed: 7
                          conditions: [{type: FailureTarget, status: 'True'}, {type: Failed, status: 'True'}]
                        """), "Failed", "0/2", "5m"),
                new Case("a running job", job("", "  completions: 5\n  parallelism: 2\n", started + """
                          active: 2
                          succeeded: 3
                        """), "Running", "3/5", "5m"),
                new Case("a job not started yet", job("", "  completions: 1\n", "  {}\n"), "Running", "0/1", ""),
                new Case("a suspended job", job("", "  completions: 1\n  suspend: true\n", """
                          conditions: [{type: Suspended, status: 'True'}]
                        """), "Suspended", "0/1", ""),
                new Case("a job being deleted", job(", deletionTimestamp: '" + ago(5) + "'", "  completions: 1\n",
                        started + "  conditions: [{type: Suspended, status: 'True'}]\n"), "Terminating", "0/1", "5m"),
                new Case("a job reaching its failure target", job("", "  completions: 1\n", started + """
                          conditions: [{type: FailureTarget, status: 'True'}]
                        """), "FailureTarget", "0/1", "5m"),
                new Case("a job meeting its success criteria", job("", "  completions: 3\n", started + """
                          succeeded: 2
                          conditions: [{type: SuccessCriteriaMet, status: 'True'}]
                        """), "SuccessCriteriaMet", "2/3", "5m"),
                new Case("a false condition does not count", job("", "  completions: 1\n", started + """
                          conditions: [{type: Complete, status: 'False'}]
                        """), "Running", "0/1", "5m"),
                new Case("a work queue job with parallelism", job("", "  parallelism: 3\n", started + """
                          succeeded: 1
                        """), "Running", "1/1 of 3", "5m"),
                new Case("a work queue job without parallelism", job("", "  parallelism: 1\n", "  {}\n"), "Running",
                        "0/1", ""));
    }

    @ParameterizedTest
    @MethodSource("jobs")
    void printsJobs(Case c) {
        assertThat(JOB.cells(yaml(c.yaml()), NOW)).isEqualTo(List.of("pi", c.status(), c.completions(), c.duration(),
                "10m", "pi", "perl", "batch.kubernetes.io/controller-uid=u1"));
    }

    record Cron(String name, String yaml, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Cron> cronJobs() {
        String meta = "metadata: {name: nightly, creationTimestamp: '" + ago(2 * 86400) + "'}\n";
        String jobTemplate = "  jobTemplate: {spec: {template: {spec: {containers: [{name: backup, image: restic}]}}}}\n";
        return Stream.of(
                new Cron("a cron job that has run", meta + "spec:\n  schedule: '0 3 * * *'\n  timeZone: Europe/Paris\n"
                        + "  suspend: false\n" + jobTemplate
                        + "status: {active: [{name: nightly-1}], lastScheduleTime: '" + ago(3600) + "'}\n",
                        List.of("nightly", "0 3 * * *", "Europe/Paris", "False", 1L, "60m", "2d", "backup", "restic",
                                "<none>")),
                new Cron("a new suspended cron job", meta + "spec:\n  schedule: '*/5 * * * *'\n  suspend: true\n"
                        + jobTemplate, List.of("nightly", "*/5 * * * *", "<none>", "True", 0L, "<none>", "2d", "backup",
                        "restic", "<none>")),
                new Cron("a cron job without suspend", meta + "spec:\n  schedule: '@hourly'\n" + jobTemplate,
                        List.of("nightly", "@hourly", "<none>", "<unset>", 0L, "<none>", "2d", "backup", "restic",
                                "<none>")));
    }

    @ParameterizedTest
    @MethodSource("cronJobs")
    void printsCronJobs(Cron c) {
        assertThat(CRON.cells(yaml(c.yaml()), NOW)).isEqualTo(c.cells());
    }
}
