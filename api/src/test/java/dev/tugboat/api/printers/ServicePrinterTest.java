package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServicePrinterTest {

    private static final TablePrinter PRINTER = BuiltinPrinters.forKind("", "Service");

    private static String service(String body) {
        return "metadata: {name: web, creationTimestamp: '" + ago(7200) + "'}\n" + body;
    }

    record Case(String name, String yaml, boolean wide, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a cluster IP service", service("""
                        spec: {type: ClusterIP, clusterIP: 10.96.0.10, clusterIPs: [10.96.0.10],
                               selector: {app: web, tier: front}, ports: [{port: 80, protocol: TCP}]}
                        """), false, List.of("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "120m", "app=web,tier=front")),
                new Case("a cluster IP service with external IPs and two ports", service("""
                        spec: {type: ClusterIP, clusterIPs: [10.96.0.11], externalIPs: [1.2.3.4, 5.6.7.8],
                               ports: [{port: 80, protocol: TCP}, {port: 53, protocol: UDP}]}
                        """), false, List.of("web", "ClusterIP", "10.96.0.11", "1.2.3.4,5.6.7.8", "80/TCP,53/UDP", "120m",
                        "<none>")),
                new Case("a headless service", service("""
                        spec: {type: ClusterIP, clusterIP: None, clusterIPs: [None], ports: [{port: 80, protocol: TCP}]}
                        """), false, List.of("web", "ClusterIP", "None", "<none>", "80/TCP", "120m", "<none>")),
                new Case("a node port service", service("""
                        spec: {type: NodePort, clusterIPs: [10.96.0.12], ports: [{port: 80, nodePort: 30080, protocol: TCP}]}
                        """), false, List.of("web", "NodePort", "10.96.0.12", "<none>", "80:30080/TCP", "120m", "<none>")),
                new Case("a pending load balancer", service("""
                        spec: {type: LoadBalancer, clusterIPs: [10.96.0.13], ports: [{port: 443, nodePort: 31443, protocol: TCP}]}
                        """), false, List.of("web", "LoadBalancer", "10.96.0.13", "<pending>", "443:31443/TCP", "120m",
                        "<none>")),
                new Case("a load balancer with sorted ingress IPs and external IPs", service("""
                        spec: {type: LoadBalancer, clusterIPs: [10.96.0.14], externalIPs: [9.9.9.9],
                               ports: [{port: 80, nodePort: 30001, protocol: TCP}]}
                        status: {loadBalancer: {ingress: [{ip: 172.30.0.201}, {ip: 172.30.0.200}]}}
                        """), true, List.of("web", "LoadBalancer", "10.96.0.14", "172.30.0.200,172.30.0.201,9.9.9.9",
                        "80:30001/TCP", "120m", "<none>")),
                new Case("a long load balancer hostname is cut unless wide", service("""
                        spec: {type: LoadBalancer, clusterIPs: [10.96.0.15], ports: [{port: 80, nodePort: 30002, protocol: TCP}]}
                        status: {loadBalancer: {ingress: [{hostname: a1234567890.elb.example.com}]}}
                        """), false, List.of("web", "LoadBalancer", "10.96.0.15", "a1234567890.e...", "80:30002/TCP", "120m",
                        "<none>")),
                new Case("a long load balancer hostname in wide output", service("""
                        spec: {type: LoadBalancer, clusterIPs: [10.96.0.15], ports: [{port: 80, nodePort: 30002, protocol: TCP}]}
                        status: {loadBalancer: {ingress: [{hostname: a1234567890.elb.example.com}]}}
                        """), true, List.of("web", "LoadBalancer", "10.96.0.15", "a1234567890.elb.example.com",
                        "80:30002/TCP", "120m", "<none>")),
                new Case("an external name service", service("""
                        spec: {type: ExternalName, externalName: db.example.com}
                        """), false, List.of("web", "ExternalName", "<none>", "db.example.com", "<none>", "120m", "<none>")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsEachServiceType(Case c) {
        assertThat(PRINTER.cells(yaml(c.yaml()), NOW, c.wide())).isEqualTo(c.cells());
    }
}
