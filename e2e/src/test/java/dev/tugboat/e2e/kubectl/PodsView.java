package dev.tugboat.e2e.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the control-plane tests read about pods and nodes, through kubectl: the pods a selector
 * matches (their phase, readiness, node and IP) and the nodes' pod CIDRs.
 */
final class PodsView {

    /** One pod as {@code kubectl get pods -o json} shows it. */
    record Pod(String name, String phase, boolean ready, boolean terminating, String node, String ip,
               String image) {
    }

    private PodsView() {
    }

    static List<Pod> pods(Cluster c, String ns, String selector) throws IOException, InterruptedException {
        JsonNode list = selector.isEmpty() ? c.json("get", "pods", "-n", ns) : c.json("get", "pods", "-n", ns, "-l", selector);
        List<Pod> out = new ArrayList<>();
        for (JsonNode p : list.path("items")) {
            boolean ready = false;
            for (JsonNode cond : p.at("/status/conditions")) {
                if ("Ready".equals(cond.path("type").asText())) {
                    ready = "True".equals(cond.path("status").asText());
                }
            }
            out.add(new Pod(p.at("/metadata/name").asText(), p.at("/status/phase").asText(), ready,
                    p.at("/metadata/deletionTimestamp").isTextual(), p.at("/spec/nodeName").asText(),
                    p.at("/status/podIP").asText(), p.at("/spec/containers/0/image").asText()));
        }
        return out;
    }

    /** The running, ready pods that are not being deleted. */
    static List<Pod> runningReady(Cluster c, String ns, String selector) throws IOException, InterruptedException {
        return pods(c, ns, selector).stream()
                .filter(p -> "Running".equals(p.phase()) && p.ready() && !p.terminating()).toList();
    }

    /** Node name → spec.podCIDR. */
    static Map<String, String> podCidrs(Cluster c) throws IOException, InterruptedException {
        Map<String, String> out = new HashMap<>();
        for (JsonNode n : c.json("get", "nodes").path("items")) {
            out.put(n.at("/metadata/name").asText(), n.at("/spec/podCIDR").asText());
        }
        return out;
    }

    /** Whether the IPv4 address {@code ip} lies inside {@code cidr}. */
    static boolean inCidr(String ip, String cidr) throws IOException {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        BigInteger net = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
        BigInteger addr = new BigInteger(1, InetAddress.getByName(ip).getAddress());
        return addr.shiftRight(32 - bits).equals(net.shiftRight(32 - bits));
    }
}
