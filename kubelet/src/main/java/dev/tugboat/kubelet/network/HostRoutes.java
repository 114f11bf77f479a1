package dev.tugboat.kubelet.network;

import dev.tugboat.kubelet.node.HostCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety routes for a node that runs in the host's own network namespace: {@code unreachable} routes
 * for the cluster (pod) and service CIDRs, so that a packet for an address no pod or Service has is
 * refused here instead of leaving the machine through its default route. The node's own pod /24 on
 * its bridge is more specific and still reaches its pods. Removed again on close.
 */
public final class HostRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostRoutes.class);

    private final List<String> added = new ArrayList<>();

    /** Adds (or keeps) an unreachable route for each CIDR. */
    public static HostRoutes unreachable(List<String> cidrs) throws IOException {
        HostRoutes r = new HostRoutes();
        for (String cidr : cidrs) {
            run("ip", "route", "replace", "unreachable", cidr);
            r.added.add(cidr);
        }
        return r;
    }

    @Override
    public void close() {
        for (String cidr : added) {
            try {
                run("ip", "route", "del", "unreachable", cidr);
            } catch (IOException e) {
                LOG.warn("could not remove the unreachable route for {}: {}", cidr, e.getMessage());
            }
        }
        added.clear();
    }

    static void run(String... cmd) throws IOException {
        HostCommand.run(Duration.ofSeconds(10), List.of(cmd));
    }
}
