package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodPrinterTest {

    private static final TablePrinter PRINTER = BuiltinPrinters.forKind("", "Pod");

    private static String pod(String spec, String status) {
        return "metadata: {name: web, namespace: default, creationTimestamp: '" + ago(300) + "'}\n"
                + "spec:\n" + spec + "status:\n" + status;
    }

    private static final String ONE_CONTAINER = "  containers: [{name: app, image: nginx}]\n";

    record Case(String name, String yaml, String ready, String status, String restarts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a pending pod without container statuses", pod(ONE_CONTAINER, "  phase: Pending\n"),
                        "0/1", "Pending", "0"),
                new Case("a container being created", pod(ONE_CONTAINER, """
                          phase: Pending
                          containerStatuses:
                          - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}
                        """), "0/1", "ContainerCreating", "0"),
                new Case("a running ready pod", pod(ONE_CONTAINER, """
                          phase: Running
                          conditions: [{type: Ready, status: 'True'}]
                          containerStatuses:
                          - {name: app, ready: true, restartCount: 0, state: {running: {startedAt: '2024-05-01T11:55:00Z'}}}
                        """), "1/1", "Running", "0"),
                new Case("a crash-looping container with its last restart age", pod(ONE_CONTAINER, """
                          phase: Running
                          containerStatuses:
                          - name: app
                            ready: false
                            restartCount: 3
                            state: {waiting: {reason: CrashLoopBackOff}}
                            lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: '2024-05-01T11:57:45Z'}}
                        """), "0/1", "CrashLoopBackOff", "3 (2m15s ago)"),
                new Case("a completed pod", pod(ONE_CONTAINER, """
                          phase: Succeeded
                          containerStatuses:
                          - {name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        """), "0/1", "Completed", "0"),
                new Case("a failed pod", pod(ONE_CONTAINER, """
                          phase: Failed
                          containerStatuses:
                          - {name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 1, reason: Error}}}
                        """), "0/1", "Error", "0"),
                new Case("a container killed by a signal", pod(ONE_CONTAINER, """
                          phase: Failed
                          containerStatuses:
                          - {name: app, restartCount: 0, state: {terminated: {exitCode: 137, signal: 9}}}
                        """), "0/1", "Signal:9", "0"),
                new Case("a container exiting without a reason", pod(ONE_CONTAINER, """
                          phase: Failed
                          containerStatuses:
                          - {name: app, restartCount: 0, state: {terminated: {exitCode: 2}}}
                        """), "0/1", "ExitCode:2", "0"),
                new Case("an init container running", pod("""
                          initContainers: [{name: setup, image: busybox}]
                          containers: [{name: app, image: nginx}]
                        """, """
                          phase: Pending
                          initContainerStatuses:
                          - {name: setup, ready: false, restartCount: 0, state: {running: {}}}
                          containerStatuses:
                          - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
                        """), "0/1", "Init:0/1", "0"),
                new Case("a crash-looping init container", pod("""
                          initContainers: [{name: setup, image: busybox}]
                          containers: [{name: app, image: nginx}]
                        """, """
                          phase: Pending
                          initContainerStatuses:
                          - name: setup
                            restartCount: 2
                            state: {waiting: {reason: CrashLoopBackOff}}
                            lastState: {terminated: {exitCode: 1, finishedAt: '2024-05-01T11:59:00Z'}}
                          containerStatuses:
                          - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
                        """), "0/1", "Init:CrashLoopBackOff", "2 (60s ago)"),
                new Case("an init container that failed without a reason", pod("""
                          initContainers: [{name: a, image: busybox}, {name: b, image: busybox}]
                          containers: [{name: app, image: nginx}]
                        """, """
                          phase: Pending
                          initContainerStatuses:
                          - {name: a, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                          - {name: b, restartCount: 0, state: {terminated: {exitCode: 3}}}
                        """), "0/1", "Init:ExitCode:3", "0"),
                new Case("the second of two init containers", pod("""
                          initContainers: [{name: a, image: busybox}, {name: b, image: busybox}]
                          containers: [{name: app, image: nginx}]
                        """, """
                          phase: Pending
                          initContainerStatuses:
                          - {name: a, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                          - {name: b, restartCount: 0, state: {running: {}}}
                        """), "0/1", "Init:1/2", "0"),
                new Case("a started sidecar counts in READY and its restarts count", pod("""
                          initContainers: [{name: proxy, image: envoy, restartPolicy: Always}]
                          containers: [{name: app, image: nginx}]
                        """, """
                          phase: Running
                          conditions: [{type: Initialized, status: 'True'}, {type: Ready, status: 'True'}]
                          initContainerStatuses:
                          - {name: proxy, ready: true, started: true, restartCount: 1, state: {running: {}}}
                          containerStatuses:
                          - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """), "2/2", "Running", "1"),
                new Case("a sidecar not yet started blocks initialization", pod("""
                          initContainers: [{name: proxy, image: envoy, restartPolicy: Always}]
                          containers: [{name: app, image: nginx}]
                        """, """
                          phase: Pending
                          initContainerStatuses:
                          - {name: proxy, ready: false, started: false, restartCount: 0, state: {running: {}}}
                        """), "0/2", "Init:0/1", "0"),
                new Case("a deleted running pod is terminating", pod(ONE_CONTAINER, """
                          phase: Running
                          containerStatuses:
                          - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """).replace("namespace: default,", "namespace: default, deletionTimestamp: '2024-05-01T11:59:50Z',"),
                        "1/1", "Terminating", "0"),
                new Case("a deleted completed pod keeps its status", pod(ONE_CONTAINER, """
                          phase: Succeeded
                          containerStatuses:
                          - {name: app, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        """).replace("namespace: default,", "namespace: default, deletionTimestamp: '2024-05-01T11:59:50Z',"),
                        "0/1", "Completed", "0"),
                new Case("a pod on a lost node being deleted", pod(ONE_CONTAINER, """
                          phase: Running
                          reason: NodeLost
                        """).replace("namespace: default,", "namespace: default, deletionTimestamp: '2024-05-01T11:59:50Z',"),
                        "0/1", "Unknown", "0"),
                new Case("an evicted pod shows the status reason", pod(ONE_CONTAINER, """
                          phase: Failed
                          reason: Evicted
                        """), "0/1", "Evicted", "0"),
                new Case("a scheduling-gated pod", pod(ONE_CONTAINER, """
                          phase: Pending
                          conditions: [{type: PodScheduled, status: 'False', reason: SchedulingGated}]
                        """), "0/1", "SchedulingGated", "0"),
                new Case("a completed container beside a running one on a ready pod", pod("""
                          containers: [{name: job, image: busybox}, {name: app, image: nginx}]
                        """, """
                          phase: Running
                          conditions: [{type: Ready, status: 'True'}]
                          containerStatuses:
                          - {name: job, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                          - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """), "1/2", "Running", "0"),
                new Case("a completed container beside a running one on an unready pod", pod("""
                          containers: [{name: job, image: busybox}, {name: app, image: nginx}]
                        """, """
                          phase: Running
                          containerStatuses:
                          - {name: job, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                          - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """), "1/2", "NotReady", "0"),
                new Case("the first container in spec order decides", pod("""
                          containers: [{name: a, image: x}, {name: b, image: y}]
                        """, """
                          phase: Running
                          containerStatuses:
                          - {name: a, restartCount: 1, state: {waiting: {reason: ImagePullBackOff}}}
                          - {name: b, restartCount: 4, state: {waiting: {reason: CrashLoopBackOff}}}
                        """), "0/2", "ImagePullBackOff", "5"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsReadyStatusAndRestarts(Case c) {
        List<Object> cells = PRINTER.cells(yaml(c.yaml()), NOW);
        assertThat(cells.subList(0, 5)).containsExactly("web", c.ready(), c.status(), c.restarts(), "5m");
    }

    @Test
    void printsTheWideColumns() {
        JsonNode pod = yaml(pod("""
                  nodeName: node-1
                  containers: [{name: app, image: nginx}]
                  readinessGates: [{conditionType: example.com/lb}, {conditionType: example.com/dns}]
                """, """
                  phase: Running
                  podIP: 10.244.1.5
                  podIPs: [{ip: 10.244.1.5}, {ip: 'fd00::5'}]
                  conditions: [{type: example.com/lb, status: 'True'}, {type: example.com/dns, status: 'False'}]
                """));
        assertThat(PRINTER.cells(pod, NOW).subList(5, 9)).containsExactly("10.244.1.5", "node-1", "<none>", "1/2");
        JsonNode bare = yaml(pod(ONE_CONTAINER, "  phase: Pending\n"));
        assertThat(PRINTER.cells(bare, NOW).subList(5, 9)).containsExactly("<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void marksFinishedPodsWithACompletedRowCondition() {
        JsonNode succeeded = yaml(pod(ONE_CONTAINER, "  phase: Succeeded\n"));
        JsonNode failed = yaml(pod(ONE_CONTAINER, "  phase: Failed\n"));
        JsonNode running = yaml(pod(ONE_CONTAINER, "  phase: Running\n"));
        assertThat(PRINTER.rowConditions(succeeded)).singleElement().hasToString(
                "{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\","
                        + "\"message\":\"The pod has completed successfully.\"}");
        assertThat(PRINTER.rowConditions(failed)).singleElement().hasToString(
                "{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Failed\",\"message\":\"The pod failed.\"}");
        assertThat(PRINTER.rowConditions(running)).isEmpty();
    }

    @Test
    void hasTheUpstreamColumns() {
        assertThat(PRINTER.columns()).extracting(Column::name).containsExactly("Name", "Ready", "Status", "Restarts",
                "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(PRINTER.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(PRINTER.columns().get(0).format()).isEqualTo("name");
    }
}
