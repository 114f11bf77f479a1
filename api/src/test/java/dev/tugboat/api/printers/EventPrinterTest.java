package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventPrinterTest {

    record Case(String name, String group, String yaml, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a repeated kubelet event", "", """
                        metadata: {name: web-1.17c, namespace: default}
                        involvedObject: {kind: Pod, name: web-1, namespace: default, fieldPath: 'spec.containers{app}'}
                        reason: BackOff
                        type: Warning
                        message: "Back-off restarting failed container app  \\n"
                        source: {component: kubelet, host: node-1}
                        firstTimestamp: '%s'
                        lastTimestamp: '%s'
                        count: 5
                        """.formatted(ago(600), ago(30)),
                        List.of("30s", "Warning", "BackOff", "pod/web-1", "spec.containers{app}", "kubelet, node-1",
                                "Back-off restarting failed container app", "10m", 5L, "web-1.17c")),
                new Case("an event with only an event time", "", """
                        metadata: {name: web.2}
                        involvedObject: {kind: Deployment, name: web}
                        reason: ScalingReplicaSet
                        type: Normal
                        message: Scaled up replica set web-7d9f to 3
                        eventTime: '2024-05-01T11:58:00.000000Z'
                        reportingComponent: deployment-controller
                        reportingInstance: controller-manager-1
                        """,
                        List.of("2m", "Normal", "ScalingReplicaSet", "deployment/web", "",
                                "deployment-controller, controller-manager-1", "Scaled up replica set web-7d9f to 3", "2m",
                                1L, "web.2")),
                new Case("an event about a cluster-scoped kind without a name", "", """
                        metadata: {name: n.3}
                        involvedObject: {kind: Node}
                        reason: RegisteredNode
                        type: Normal
                        message: registered
                        source: {component: node-controller}
                        firstTimestamp: '%s'
                        """.formatted(ago(86400 * 3)),
                        List.of("3d", "Normal", "RegisteredNode", "node", "", "node-controller", "registered", "3d", 1L,
                                "n.3")),
                new Case("an events.k8s.io event with a series", "events.k8s.io", """
                        metadata: {name: web.4, namespace: default}
                        regarding: {kind: Pod, name: web-1, namespace: default}
                        reason: Unhealthy
                        type: Warning
                        note: Readiness probe failed
                        eventTime: '2024-05-01T11:00:00.000000Z'
                        series: {count: 12, lastObservedTime: '2024-05-01T11:59:20.000000Z'}
                        reportingController: kubelet
                        reportingInstance: node-2
                        """,
                        List.of("40s", "Warning", "Unhealthy", "pod/web-1", "", "kubelet, node-2",
                                "Readiness probe failed", "60m", 12L, "web.4")),
                new Case("an events.k8s.io event with deprecated fields", "events.k8s.io", """
                        metadata: {name: web.5}
                        regarding: {kind: Pod, name: web-1}
                        reason: Pulled
                        type: Normal
                        note: pulled
                        deprecatedSource: {component: kubelet, host: node-3}
                        deprecatedFirstTimestamp: '%s'
                        deprecatedLastTimestamp: '%s'
                        deprecatedCount: 2
                        """.formatted(ago(120), ago(60)),
                        List.of("60s", "Normal", "Pulled", "pod/web-1", "", "kubelet, node-3", "pulled", "2m", 2L, "web.5")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsEventsOfBothApiGroups(Case c) {
        assertThat(BuiltinPrinters.forKind(c.group(), "Event").cells(yaml(c.yaml()), NOW)).isEqualTo(c.cells());
    }

    @Test
    void putsTheNameLastAndOnlyInWideOutput() {
        List<Column> columns = BuiltinPrinters.forKind("", "Event").columns();
        assertThat(columns).extracting(Column::name).containsExactly("Last Seen", "Type", "Reason", "Object",
                "Subobject", "Source", "Message", "First Seen", "Count", "Name");
        assertThat(columns).extracting(Column::priority).containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
        assertThat(columns.get(9).format()).isEqualTo("name");
    }
}
