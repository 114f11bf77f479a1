package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.apiserver.registry.StandardStrategy;
import java.util.OptionalLong;

/**
 * Pods (upstream pkg/registry/core/pod/strategy.go): a new pod is Pending with its QoS class computed,
 * and deletion is graceful once a pod is bound to a node and still running.
 */
public final class PodStrategy extends StandardStrategy {

    public PodStrategy(KindRules rules) {
        super(rules, new Traits(true, false, false), true);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(obj.path("spec")));
    }

    /** Guaranteed when every container sets equal cpu and memory requests and limits; BestEffort when none sets any. */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String r : new String[] {"cpu", "memory"}) {
                    JsonNode req = requests.get(r);
                    JsonNode lim = limits.get(r);
                    if (isNonZero(req) || isNonZero(lim)) {
                        any = true;
                    }
                    if (lim == null || !isNonZero(lim)) {
                        guaranteed = false;
                    } else if (req != null && !sameQuantity(req, lim)) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static boolean isNonZero(JsonNode q) {
        if (q == null || q.isNull()) {
            return false;
        }
        try {
            return Quantity.parse(q.asText()).signum() != 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean sameQuantity(JsonNode a, JsonNode b) {
        try {
            return Quantity.parse(a.asText()).compareTo(Quantity.parse(b.asText())) == 0;
        } catch (RuntimeException e) {
            return a.asText().equals(b.asText());
        }
    }

    /**
     * Unscheduled pods and finished pods go at once; bound, running pods get their grace period (the
     * request's, else spec.terminationGracePeriodSeconds, else 30) and the kubelet completes the deletion.
     */
    @Override
    public OptionalLong gracePeriod(ObjectNode obj, OptionalLong requested) {
        String node = obj.path("spec").path("nodeName").asText("");
        String phase = obj.path("status").path("phase").asText("");
        if (node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return OptionalLong.empty();
        }
        long grace = requested.isPresent() ? requested.getAsLong()
                : obj.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        return grace <= 0 ? OptionalLong.empty() : OptionalLong.of(grace);
    }
}
