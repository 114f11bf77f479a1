package dev.tugboat.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Node IPAM against a real API server. */
class NodeIpamControllerTest {

    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");

    TestApiServer server;
    ResourceClient nodes;

    @BeforeEach
    void start() throws Exception {
        server = TestApiServer.start();
        nodes = server.client().resource(NodeIpamController.NODES);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    NodeIpamController controller(NodeIpamConfig config) {
        NodeIpamController c = new NodeIpamController(server.newClient("node-ipam"), SystemClock.INSTANCE, config);
        c.start();
        Poll.until("synced", c::isSynced);
        return c;
    }

    ObjectNode node(String name, String... cidrs) {
        ObjectNode n = Objects.named("v1", "Node", name);
        if (cidrs.length > 0) {
            n.putObject("spec").put("podCIDR", cidrs[0]).putArray("podCIDRs").add(cidrs[0]);
        }
        return nodes.create("", n);
    }

    String cidrOf(String name) {
        return Poll.value(name + " has a podCIDR", () -> {
            JsonNode spec = nodes.get("", name).path("spec");
            String cidr = spec.path("podCIDR").asText("");
            if (cidr.isEmpty()) {
                return null;
            }
            assertThat(spec.path("podCIDRs").size()).isEqualTo(1);
            assertThat(spec.path("podCIDRs").get(0).asText()).isEqualTo(cidr);
            return cidr;
        });
    }

    @Test
    void nodesGetDistinctSlash24sFromTheClusterCidrAndExistingOnesAreKept() {
        node("kept", "10.244.0.0/24");
        try (NodeIpamController c = controller(NodeIpamConfig.defaults())) {
            for (int i = 0; i < 5; i++) {
                node("n" + i);
            }
            Set<String> cidrs = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                String cidr = cidrOf("n" + i);
                assertThat(cidr).startsWith("10.244.").endsWith(".0/24");
                cidrs.add(cidr);
            }
            assertThat(cidrs).hasSize(5).doesNotContain("10.244.0.0/24");
            assertThat(cidrOf("kept")).isEqualTo("10.244.0.0/24");
        }
    }

    @Test
    void aRestartedControllerRebuildsItsBitmapFromTheNodes() {
        NodeIpamConfig config = NodeIpamConfig.defaults().withClusterCidrs(List.of("10.9.0.0/22"));
        try (NodeIpamController c = controller(config)) {
            node("a");
            node("b");
            cidrOf("a");
            cidrOf("b");
        }
        try (NodeIpamController c = controller(config)) {
            node("c");
            node("d");
            Set<String> all = Set.of(cidrOf("a"), cidrOf("b"), cidrOf("c"), cidrOf("d"));
            assertThat(all).containsExactlyInAnyOrder("10.9.0.0/24", "10.9.1.0/24", "10.9.2.0/24", "10.9.3.0/24");
        }
    }

    @Test
    void anExhaustedRangeGivesCidrNotAvailableAndADeletedNodesCidrGoesToAWaitingNode() {
        try (NodeIpamController c = controller(NodeIpamConfig.defaults().withClusterCidrs(List.of("10.7.0.0/24")))) {
            node("only");
            String cidr = cidrOf("only");
            assertThat(cidr).isEqualTo("10.7.0.0/24");
            node("waiting");
            ResourceClient events = server.client().resource(EVENTS);
            JsonNode event = Poll.value("a CIDRNotAvailable event", () -> events.list("default", ListOptions.ALL)
                    .items().stream().filter(e -> e.path("reason").asText().equals("CIDRNotAvailable"))
                    .findFirst().orElse(null));
            assertThat(event.path("message").asText()).isEqualTo("Node waiting status is now: CIDRNotAvailable");
            assertThat(event.path("involvedObject").path("kind").asText()).isEqualTo("Node");
            assertThat(event.path("type").asText()).isEqualTo("Normal");
            assertThat(nodes.get("", "waiting").path("spec").has("podCIDR")).isFalse();

            nodes.delete("", "only");
            assertThat(cidrOf("waiting")).isEqualTo("10.7.0.0/24");
            assertThat(Meta.name(nodes.get("", "waiting"))).isEqualTo("waiting");
        }
    }
}
