package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.kubectl.PodsView.Pod;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code kubectl expose} of a Deployment: Endpoints and EndpointSlices follow the ready pods. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceEndpointsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "3");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Set<String> endpointsIps(String ns, String svc) throws Exception {
        Set<String> ips = new TreeSet<>();
        for (JsonNode subset : cluster.json("get", "endpoints", svc, "-n", ns).path("subsets")) {
            for (JsonNode a : subset.path("addresses")) {
                ips.add(a.path("ip").asText());
            }
        }
        return ips;
    }

    private Set<String> sliceReadyIps(String ns, String svc) throws Exception {
        Set<String> ips = new TreeSet<>();
        for (JsonNode slice : cluster.json("get", "endpointslices", "-n", ns, "-l",
                "kubernetes.io/service-name=" + svc).path("items")) {
            for (JsonNode e : slice.path("endpoints")) {
                if (e.at("/conditions/ready").asBoolean(false)) {
                    e.path("addresses").forEach(a -> ips.add(a.asText()));
                }
            }
        }
        return ips;
    }

    @Test
    void exposeYieldsEndpointsAndSlicesWithTheReadyPodsIps() throws Exception {
        String ns = cluster.newNamespace("svc");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80", "-n", ns);
        assertThat(cluster.ok("expose", "deployment", "web", "--port=8080", "--target-port=80", "-n", ns))
                .isEqualTo("service/web exposed\n");
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        await().atMost(DEADLINE).until(() -> {
            Set<String> podIps = PodsView.runningReady(cluster, ns, "app=web").stream().map(Pod::ip)
                    .collect(Collectors.toCollection(TreeSet::new));
            return podIps.size() == 2 && endpointsIps(ns, "web").equals(podIps) && sliceReadyIps(ns, "web").equals(podIps);
        });
        JsonNode ep = cluster.json("get", "endpoints", "web", "-n", ns);
        assertThat(ep.at("/subsets/0/ports/0/port").asInt()).isEqualTo(80);
        assertThat(cluster.ok("get", "endpoints", "web", "-n", ns)).containsPattern("web\\s+10\\.244\\.\\d+\\.\\d+:80,");

        cluster.ok("scale", "deployment/web", "--replicas=3", "-n", ns);
        await().atMost(DEADLINE).until(() -> endpointsIps(ns, "web").size() == 3 && sliceReadyIps(ns, "web").size() == 3);
    }
}
