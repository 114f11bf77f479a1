package dev.tugboat.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ClusterIPs and node ports are allocated once, honoured when requested, released on delete, kept across restarts. */
class ServiceAllocationIT {

    private static String svc(String name, String type, String clusterIp, Integer nodePort) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + "\"type\":\"" + type + "\"," + (clusterIp == null ? "" : "\"clusterIP\":\"" + clusterIp + "\",")
                + "\"selector\":{\"app\":\"x\"},\"ports\":[{\"port\":80" + (nodePort == null ? "" : ",\"nodePort\":" + nodePort)
                + "}]}}";
    }

    @Test
    void addressesAreUniqueHonouredAndReleased() throws Exception {
        try (TestServer s = new TestServer()) {
            JsonNode kube = s.get("/api/v1/namespaces/default/services/kubernetes").json();
            assertThat(kube.path("spec").path("clusterIP").asText()).isEqualTo("10.96.0.1");

            Set<String> ips = new HashSet<>();
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                JsonNode created = s.post("/api/v1/namespaces/default/services", svc("s" + i, "NodePort", null, null)).json();
                ips.add(created.path("spec").path("clusterIP").asText());
                ports.add(created.path("spec").path("ports").get(0).path("nodePort").asInt());
                assertThat(created.path("spec").path("clusterIPs").get(0).asText())
                        .isEqualTo(created.path("spec").path("clusterIP").asText());
            }
            assertThat(ips).hasSize(20).doesNotContain("10.96.0.1").allMatch(ip -> ip.startsWith("10."));
            assertThat(ports).hasSize(20).allMatch(p -> p >= 30000 && p <= 32767);

            assertThat(s.post("/api/v1/namespaces/default/services", svc("fixed", "NodePort", "10.96.0.50", 31000))
                    .status()).isEqualTo(201);
            TestServer.Response takenIp = s.post("/api/v1/namespaces/default/services",
                    svc("dup-ip", "ClusterIP", "10.96.0.50", null));
            assertThat(takenIp.status()).isEqualTo(422);
            assertThat(takenIp.json().path("message").asText())
                    .contains("failed to allocate IP 10.96.0.50: provided IP is already allocated");
            TestServer.Response takenPort = s.post("/api/v1/namespaces/default/services",
                    svc("dup-port", "NodePort", null, 31000));
            assertThat(takenPort.status()).isEqualTo(422);
            assertThat(takenPort.json().path("details").path("causes").get(0).path("field").asText())
                    .isEqualTo("spec.ports[0].nodePort");
            TestServer.Response outside = s.post("/api/v1/namespaces/default/services",
                    svc("outside", "ClusterIP", "192.168.1.1", null));
            assertThat(outside.status()).isEqualTo(422);
            assertThat(outside.json().path("message").asText()).contains("The range of valid IPs is 10.96.0.0/12");
            // A failed create leaks nothing: its node port is still free.
            assertThat(s.post("/api/v1/namespaces/default/services", svc("after-failure", "NodePort", null, 31001))
                    .status()).isEqualTo(201);

            assertThat(s.delete("/api/v1/namespaces/default/services/fixed").status()).isEqualTo(200);
            assertThat(s.post("/api/v1/namespaces/default/services", svc("reuse", "NodePort", "10.96.0.50", 31000))
                    .status()).isEqualTo(201);

            // NodePort → ClusterIP releases the node port; the cluster IP stays.
            TestServer.Response toClusterIp = s.patch("/api/v1/namespaces/default/services/reuse",
                    "application/merge-patch+json", "{\"spec\":{\"type\":\"ClusterIP\"}}");
            assertThat(toClusterIp.status()).as(toClusterIp.body()).isEqualTo(200);
            assertThat(toClusterIp.json().path("spec").path("ports").get(0).has("nodePort")).isFalse();
            assertThat(toClusterIp.json().path("spec").path("clusterIP").asText()).isEqualTo("10.96.0.50");
            assertThat(s.post("/api/v1/namespaces/default/services", svc("port-again", "NodePort", null, 31000))
                    .status()).isEqualTo(201);
        }
    }

    @Test
    void allocationsSurviveARestart() throws Exception {
        TestServer s = new TestServer();
        try {
            assertThat(s.post("/api/v1/namespaces/default/services", svc("kept", "NodePort", "10.96.0.77", 30777))
                    .status()).isEqualTo(201);
            s.stopKeepingState();
            s = new TestServer(s.dir());
            assertThat(s.post("/api/v1/namespaces/default/services", svc("clash", "ClusterIP", "10.96.0.77", null))
                    .status()).isEqualTo(422);
            assertThat(s.post("/api/v1/namespaces/default/services", svc("clash2", "NodePort", null, 30777))
                    .status()).isEqualTo(422);
        } finally {
            s.close();
        }
    }
}
