package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.Map;

/** Upstream's zone disruption states and the eviction rate each allows. Pure. */
final class Zones {

    enum State { NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION }

    private Zones() {
    }

    /** {@code region:\0:zone} of the node's topology labels (the beta labels as a fallback). */
    static String zoneOf(JsonNode node) {
        Map<String, String> labels = Meta.labels(node);
        String region = labels.getOrDefault("topology.kubernetes.io/region",
                labels.getOrDefault("failure-domain.beta.kubernetes.io/region", ""));
        String zone = labels.getOrDefault("topology.kubernetes.io/zone",
                labels.getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
        return region + ":\u0000:" + zone;
    }

    /**
     * Upstream's ComputeZoneState: fully disrupted when no node is Ready; partially when more than two
     * are not and they are at least {@code unhealthyThreshold} of the zone.
     */
    static State state(int ready, int notReady, double unhealthyThreshold) {
        if (ready == 0 && notReady > 0) {
            return State.FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
            return State.PARTIAL_DISRUPTION;
        }
        return State.NORMAL;
    }

    /** Upstream's setLimiterInZone: NoExecute taints per second allowed in a zone in this state. */
    static double taintRate(State state, int zoneSize, NodeLifecycleConfig config) {
        return switch (state) {
            case NORMAL, FULL_DISRUPTION -> config.evictionLimiterQps();
            case PARTIAL_DISRUPTION -> zoneSize > config.largeClusterSizeThreshold()
                    ? config.secondaryEvictionLimiterQps() : 0;
        };
    }
}
