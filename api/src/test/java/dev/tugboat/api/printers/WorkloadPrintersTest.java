package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadPrintersTest {

    private static final String META = "metadata: {name: web, namespace: shop, creationTimestamp: '" + ago(3 * 86400) + "'}\n";
    private static final String TEMPLATE = """
              template:
                metadata: {labels: {app: web}}
                spec:
                  nodeSelector: {disk: ssd, zone: a}
                  containers: [{name: app, image: 'nginx:1.25'}, {name: log, image: busybox}]
            """;

    record Case(String name, String group, String kind, String yaml, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a deployment rolling out", "apps", "Deployment", META + """
                        spec:
                          replicas: 3
                          selector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}
                        """ + TEMPLATE + """
                        status: {replicas: 3, readyReplicas: 2, updatedReplicas: 1, availableReplicas: 2}
                        """, List.of("web", "2/3", 1L, 2L, "3d", "app,log", "nginx:1.25,busybox", "app=web,tier notin (db)")),
                new Case("a deployment without status", "apps", "Deployment", META + """
                        spec: {replicas: 1, selector: {matchLabels: {app: web}}}
                        """, List.of("web", "0/1", 0L, 0L, "3d", "", "", "app=web")),
                new Case("a replica set", "apps", "ReplicaSet", META + """
                        spec:
                          replicas: 2
                          selector: {matchLabels: {app: web, pod-template-hash: abc}}
                        """ + TEMPLATE + """
                        status: {replicas: 2, readyReplicas: 1}
                        """, List.of("web", 2L, 2L, 1L, "3d", "app,log", "nginx:1.25,busybox", "app=web,pod-template-hash=abc")),
                new Case("a replication controller", "", "ReplicationController", META + """
                        spec:
                          replicas: 2
                          selector: {app: web}
                        """ + TEMPLATE + """
                        status: {replicas: 1}
                        """, List.of("web", 2L, 1L, 0L, "3d", "app,log", "nginx:1.25,busybox", "app=web")),
                new Case("a stateful set", "apps", "StatefulSet", META + """
                        spec:
                          replicas: 3
                          selector: {matchLabels: {app: web}}
                        """ + TEMPLATE + """
                        status: {replicas: 3, readyReplicas: 3}
                        """, List.of("web", "3/3", "3d", "app,log", "nginx:1.25,busybox")),
                new Case("a daemon set", "apps", "DaemonSet", META + """
                        spec:
                          selector: {matchLabels: {app: web}}
                        """ + TEMPLATE + """
                        status: {desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2,
                                 updatedNumberScheduled: 3, numberAvailable: 2}
                        """, List.of("web", 3L, 3L, 2L, 3L, 2L, "disk=ssd,zone=a", "3d", "app,log", "nginx:1.25,busybox",
                        "app=web")),
                new Case("a daemon set without a node selector", "apps", "DaemonSet", META + """
                        spec: {selector: {matchLabels: {app: web}}, template: {spec: {containers: [{name: a, image: b}]}}}
                        """, List.of("web", 0L, 0L, 0L, 0L, 0L, "<none>", "3d", "a", "b", "app=web")),
                new Case("a controller revision of a stateful set", "apps", "ControllerRevision", """
                        metadata:
                          name: web-7d9f
                          creationTimestamp: '2024-04-28T12:00:00Z'
                          ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: web, uid: u, controller: true}]
                        revision: 2
                        """, List.of("web-7d9f", "statefulset.apps/web", 2L, "3d")),
                new Case("a controller revision without a controller", "apps", "ControllerRevision", """
                        metadata: {name: orphan, creationTimestamp: '2024-04-28T12:00:00Z'}
                        revision: 1
                        """, List.of("orphan", "<none>", 1L, "3d")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsWorkloads(Case c) {
        assertThat(BuiltinPrinters.forKind(c.group(), c.kind()).cells(yaml(c.yaml()), NOW)).isEqualTo(c.cells());
    }
}
