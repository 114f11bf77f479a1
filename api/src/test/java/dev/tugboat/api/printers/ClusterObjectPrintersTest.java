package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterObjectPrintersTest {

    record Case(String name, String group, String kind, String yaml, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String META = "metadata: {name: x, creationTimestamp: '" + ago(90) + "'}\n";

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a ready control-plane node", "", "Node", """
                        metadata:
                          name: node-1
                          creationTimestamp: '%s'
                          labels: {node-role.kubernetes.io/control-plane: '', node-role.kubernetes.io/: '', kubernetes.io/role: master}
                        status:
                          conditions: [{type: MemoryPressure, status: 'False'}, {type: Ready, status: 'True'}]
                          addresses: [{type: Hostname, address: node-1}, {type: InternalIP, address: 172.30.0.2}]
                          nodeInfo: {kubeletVersion: v1.33.1, osImage: Debian GNU/Linux 12, kernelVersion: 6.1.0,
                                     containerRuntimeVersion: 'containerd://1.7.24'}
                        """.formatted(ago(86400 * 10)),
                        List.of("node-1", "Ready", "control-plane,master", "10d", "v1.33.1", "172.30.0.2", "<none>",
                                "Debian GNU/Linux 12", "6.1.0", "containerd://1.7.24")),
                new Case("a cordoned unready node", "", "Node", """
                        metadata: {name: node-2, creationTimestamp: '%s'}
                        spec: {unschedulable: true}
                        status: {conditions: [{type: Ready, status: Unknown}], nodeInfo: {kubeletVersion: v1.33.1}}
                        """.formatted(ago(60)),
                        List.of("node-2", "NotReady,SchedulingDisabled", "<none>", "60s", "v1.33.1", "<none>", "<none>",
                                "<unknown>", "<unknown>", "<unknown>")),
                new Case("a node without a ready condition", "", "Node", META,
                        List.of("x", "Unknown", "<none>", "90s", "", "<none>", "<none>", "<unknown>", "<unknown>",
                                "<unknown>")),
                new Case("an active namespace", "", "Namespace", META + "status: {phase: Active}\n",
                        List.of("x", "Active", "90s")),
                new Case("a config map", "", "ConfigMap", META + "data: {a: '1', b: '2'}\nbinaryData: {c: AA==}\n",
                        List.of("x", 3L, "90s")),
                new Case("a secret", "", "Secret", META + "type: kubernetes.io/tls\ndata: {tls.crt: QQ==, tls.key: Qg==}\n",
                        List.of("x", "kubernetes.io/tls", 2L, "90s")),
                new Case("a service account", "", "ServiceAccount", META + "secrets: [{name: x-token}]\n",
                        List.of("x", 1L, "90s")),
                new Case("endpoints beyond three", "", "Endpoints", META + """
                        subsets:
                        - addresses: [{ip: 10.1.0.5}, {ip: 10.1.0.6}, {ip: 10.1.0.7}, {ip: 10.1.0.8}]
                          ports: [{port: 80}]
                        - addresses: [{ip: 'fd00::1'}]
                          ports: [{port: 80}]
                        """, List.of("x", "10.1.0.5:80,10.1.0.6:80,10.1.0.7:80 + 2 more...", "90s")),
                new Case("endpoints of a headless service without ports", "", "Endpoints", META + """
                        subsets:
                        - addresses: [{ip: 10.1.0.5}, {ip: 'fd00::2'}]
                        """, List.of("x", "10.1.0.5,fd00::2", "90s")),
                new Case("endpoints with an IPv6 address", "", "Endpoints", META + """
                        subsets:
                        - addresses: [{ip: 'fd00::3'}]
                          ports: [{port: 443}]
                        """, List.of("x", "[fd00::3]:443", "90s")),
                new Case("endpoints without subsets", "", "Endpoints", META, List.of("x", "<none>", "90s")),
                new Case("an endpoint slice", "discovery.k8s.io", "EndpointSlice", META + """
                        addressType: IPv4
                        ports: [{port: 80}, {name: metrics}, {}, {port: 9090}]
                        endpoints: [{addresses: [10.1.0.5]}, {addresses: [10.1.0.6]}]
                        """, List.of("x", "IPv4", "80,metrics,* + 1 more...", "10.1.0.5,10.1.0.6", "90s")),
                new Case("an empty endpoint slice", "discovery.k8s.io", "EndpointSlice", META + "addressType: IPv6\n",
                        List.of("x", "IPv6", "<unset>", "<unset>", "90s")),
                new Case("an ingress with TLS and many hosts", "networking.k8s.io", "Ingress", META + """
                        spec:
                          ingressClassName: nginx
                          tls: [{hosts: [a.example.com]}]
                          rules: [{host: a.example.com}, {host: b.example.com}, {}, {host: c.example.com}, {host: d.example.com}]
                        status: {loadBalancer: {ingress: [{ip: 172.30.0.200}]}}
                        """, List.of("x", "nginx", "a.example.com,b.example.com,c.example.com + 2 more...",
                        "172.30.0.200", "80, 443", "90s")),
                new Case("an ingress without class or hosts", "networking.k8s.io", "Ingress", META + """
                        spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
                        """, List.of("x", "<none>", "*", "", "80", "90s")),
                new Case("an ingress class with parameters", "networking.k8s.io", "IngressClass", META + """
                        spec: {controller: k8s.io/ingress-nginx, parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb}}
                        """, List.of("x", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb", "90s")),
                new Case("an ingress class without parameters", "networking.k8s.io", "IngressClass", META + """
                        spec: {controller: k8s.io/ingress-nginx}
                        """, List.of("x", "k8s.io/ingress-nginx", "<none>", "90s")),
                new Case("a network policy selecting pods", "networking.k8s.io", "NetworkPolicy", META + """
                        spec: {podSelector: {matchLabels: {app: db}, matchExpressions: [{key: tier, operator: In, values: [b, a]}]}}
                        """, List.of("x", "app=db,tier in (a,b)", "90s")),
                new Case("a network policy selecting all pods", "networking.k8s.io", "NetworkPolicy", META + """
                        spec: {podSelector: {}}
                        """, List.of("x", "<none>", "90s")),
                new Case("a held lease", "coordination.k8s.io", "Lease", META + "spec: {holderIdentity: node-1}\n",
                        List.of("x", "node-1", "90s")),
                new Case("a free lease", "coordination.k8s.io", "Lease", META, List.of("x", "", "90s")),
                new Case("a priority class", "scheduling.k8s.io", "PriorityClass", META
                        + "value: 2000000000\nglobalDefault: false\npreemptionPolicy: PreemptLowerPriority\n",
                        List.of("x", 2000000000L, false, "90s", "PreemptLowerPriority")),
                new Case("a disruption budget with min available", "policy", "PodDisruptionBudget", META + """
                        spec: {minAvailable: 2}
                        status: {disruptionsAllowed: 1}
                        """, List.of("x", "2", "N/A", 1L, "90s")),
                new Case("a disruption budget with a percentage", "policy", "PodDisruptionBudget", META + """
                        spec: {maxUnavailable: 25%}
                        """, List.of("x", "N/A", "25%", 0L, "90s")),
                new Case("a resource quota", "", "ResourceQuota", META + """
                        status:
                          hard: {pods: '10', requests.cpu: '4', limits.memory: 8Gi, limits.cpu: '8', requests.memory: 4Gi}
                          used: {pods: '3', requests.cpu: 500m, limits.cpu: '1'}
                        """, List.of("x", "pods: 3/10, requests.cpu: 500m/4, requests.memory: 0/4Gi",
                        "limits.cpu: 1/8, limits.memory: 0/8Gi", "90s")),
                new Case("a role binding", "rbac.authorization.k8s.io", "RoleBinding", META + """
                        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
                        subjects:
                        - {kind: User, name: alice}
                        - {kind: Group, name: devs}
                        - {kind: ServiceAccount, name: ci, namespace: build}
                        - {kind: User, name: bob}
                        """, List.of("x", "ClusterRole/edit", "90s", "alice, bob", "devs", "build/ci")),
                new Case("a cluster role binding without subjects", "rbac.authorization.k8s.io", "ClusterRoleBinding",
                        META + "roleRef: {kind: ClusterRole, name: view}\n",
                        List.of("x", "ClusterRole/view", "90s", "", "", "")),
                new Case("an approved and issued CSR", "certificates.k8s.io", "CertificateSigningRequest", META + """
                        spec: {signerName: kubernetes.io/kube-apiserver-client, username: alice, expirationSeconds: 86400}
                        status: {conditions: [{type: Approved, status: 'True'}], certificate: QUJD}
                        """, List.of("x", "90s", "kubernetes.io/kube-apiserver-client", "alice", "24h", "Approved,Issued")),
                new Case("a pending CSR", "certificates.k8s.io", "CertificateSigningRequest", META + """
                        spec: {username: bob}
                        """, List.of("x", "90s", "<none>", "bob", "<none>", "Pending")),
                new Case("a pod template", "", "PodTemplate", META + """
                        template:
                          metadata: {labels: {app: web}}
                          spec: {containers: [{name: app, image: nginx}]}
                        """, List.of("x", "app", "nginx", "app=web")),
                new Case("a webhook configuration", "admissionregistration.k8s.io", "ValidatingWebhookConfiguration",
                        META + "webhooks: [{name: a.example.com}, {name: b.example.com}]\n", List.of("x", 2L, "90s")),
                new Case("a runtime class", "node.k8s.io", "RuntimeClass", META + "handler: runc\n",
                        List.of("x", "runc", "90s")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsKinds(Case c) {
        assertThat(BuiltinPrinters.forKind(c.group(), c.kind()).cells(yaml(c.yaml()), NOW)).isEqualTo(c.cells());
    }
}
