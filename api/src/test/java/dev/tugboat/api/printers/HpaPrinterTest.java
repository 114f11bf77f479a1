package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HpaPrinterTest {

    private static final TablePrinter PRINTER = BuiltinPrinters.forKind("autoscaling", "HorizontalPodAutoscaler");

    private static String v2(String metrics, String current) {
        return "apiVersion: autoscaling/v2\nmetadata: {name: web, creationTimestamp: '" + ago(3600) + "'}\n"
                + "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
                + "  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n" + metrics
                + "status:\n  currentReplicas: 3\n  currentMetrics:\n" + current;
    }

    record Case(String name, String yaml, String targets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("cpu utilization", v2("""
                          - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}
                        """, """
                          - {type: Resource, resource: {name: cpu, current: {averageUtilization: 50, averageValue: 250m}}}
                        """), "cpu: 50%/80%"),
                new Case("cpu utilization not measured yet", v2("""
                          - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}
                        """, "    []\n"), "cpu: <unknown>/80%"),
                new Case("memory average value", v2("""
                          - {type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 200Mi}}}
                        """, """
                          - {type: Resource, resource: {name: memory, current: {averageValue: 100Mi}}}
                        """), "memory: 100Mi/200Mi"),
                new Case("pods and object metrics", v2("""
                          - {type: Pods, pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: '1k'}}}
                          - {type: Object, object: {metric: {name: hits}, target: {type: Value, value: '10'}}}
                        """, """
                          - {type: Pods, pods: {metric: {name: rps}, current: {averageValue: '500'}}}
                          - {type: Object, object: {metric: {name: hits}, current: {value: '7'}}}
                        """), "500/1k, 7/10"),
                new Case("an external average metric and a third one", v2("""
                          - {type: External, external: {metric: {name: queue}, target: {type: AverageValue, averageValue: '30'}}}
                          - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}
                          - {type: ContainerResource, containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}}
                        """, """
                          - {type: External, external: {metric: {name: queue}, current: {averageValue: '12'}}}
                        """), "12/30 (avg), cpu: <unknown>/70% + 1 more..."),
                new Case("no metrics", v2("    []\n", "    []\n"), "<none>"),
                new Case("an autoscaling/v1 object", """
                        apiVersion: autoscaling/v1
                        metadata: {name: web, creationTimestamp: '%s'}
                        spec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 10,
                               targetCPUUtilizationPercentage: 80}
                        status: {currentReplicas: 3, currentCPUUtilizationPercentage: 42}
                        """.formatted(ago(3600)), "cpu: 42%/80%"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsTargets(Case c) {
        assertThat(PRINTER.cells(yaml(c.yaml()), NOW))
                .isEqualTo(List.of("web", "Deployment/web", c.targets(), "2", 10L, 3L, "60m"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsUnsetMinPods(Case c) {
        String withoutMin = c.yaml().replace("  minReplicas: 2\n", "").replace(" minReplicas: 2,", "");
        assertThat(PRINTER.cells(yaml(withoutMin), NOW).get(3)).isEqualTo("<unset>");
    }
}
