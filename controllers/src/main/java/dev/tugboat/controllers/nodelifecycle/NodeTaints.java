package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tugboat.api.meta.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The taints the node lifecycle controller owns and when a node should carry them (upstream's
 * nodeConditionToTaintKeyStatusMap, doNoScheduleTaintingPass and processTaintBaseEviction). Pure.
 */
final class NodeTaints {

    /** Condition type → the status that earns the NoSchedule taint → its key. */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", Taint.NOT_READY, "Unknown", Taint.UNREACHABLE),
            "MemoryPressure", Map.of("True", Taint.MEMORY_PRESSURE),
            "DiskPressure", Map.of("True", Taint.DISK_PRESSURE),
            "NetworkUnavailable", Map.of("True", Taint.NETWORK_UNAVAILABLE),
            "PIDPressure", Map.of("True", Taint.PID_PRESSURE));

    private static final Set<String> NO_SCHEDULE_KEYS = Set.of(Taint.NOT_READY, Taint.UNREACHABLE,
            Taint.MEMORY_PRESSURE, Taint.DISK_PRESSURE, Taint.NETWORK_UNAVAILABLE, Taint.PID_PRESSURE,
            Taint.UNSCHEDULABLE);

    static final Taint NOT_READY_NO_EXECUTE = new Taint(Taint.NOT_READY, "", Taint.NO_EXECUTE);
    static final Taint UNREACHABLE_NO_EXECUTE = new Taint(Taint.UNREACHABLE, "", Taint.NO_EXECUTE);

    private NodeTaints() {
    }

    /** The NoSchedule taints the node's conditions and spec.unschedulable call for. */
    static Set<Taint> desiredNoSchedule(JsonNode node) {
        Set<Taint> out = new LinkedHashSet<>();
        for (JsonNode c : node.path("status").path("conditions")) {
            String key = CONDITION_TAINTS.getOrDefault(c.path("type").asText(), Map.of())
                    .get(c.path("status").asText());
            if (key != null) {
                out.add(new Taint(key, "", Taint.NO_SCHEDULE));
            }
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            out.add(new Taint(Taint.UNSCHEDULABLE, "", Taint.NO_SCHEDULE));
        }
        return out;
    }

    /** The NoExecute taint a Ready status calls for: not-ready for False, unreachable for Unknown. */
    static Optional<Taint> desiredNoExecute(String readyStatus) {
        return switch (readyStatus) {
            case "False" -> Optional.of(NOT_READY_NO_EXECUTE);
            case "Unknown" -> Optional.of(UNREACHABLE_NO_EXECUTE);
            default -> Optional.empty();
        };
    }

    /**
     * The node's taints with the controller's brought in line: NoSchedule ones exactly as desired; the
     * NoExecute one swapped at once when the other one is there, removed when none is desired, and added
     * only when {@code mayAddNoExecute} (the eviction rate limit allows it). Other taints are kept as they
     * are. Empty when nothing changes.
     *
     * @param timeAdded the timeAdded of new NoExecute taints
     */
    static Optional<ArrayNode> reconcile(JsonNode node, Set<Taint> noSchedule, Optional<Taint> noExecute,
                                         boolean mayAddNoExecute, String timeAdded) {
        List<JsonNode> current = new ArrayList<>();
        node.path("spec").path("taints").forEach(current::add);
        ArrayNode out = Json.MAPPER.createArrayNode();
        boolean changed = false;
        boolean hadControllerNoExecute = false;
        for (JsonNode t : current) {
            Taint taint = Taint.of(t);
            boolean ownNoSchedule = taint.effect().equals(Taint.NO_SCHEDULE) && NO_SCHEDULE_KEYS.contains(taint.key());
            boolean ownNoExecute = taint.matches(NOT_READY_NO_EXECUTE) || taint.matches(UNREACHABLE_NO_EXECUTE);
            hadControllerNoExecute |= ownNoExecute;
            boolean keep = ownNoSchedule ? noSchedule.stream().anyMatch(taint::matches)
                    : !ownNoExecute || noExecute.map(taint::matches).orElse(false);
            if (keep) {
                out.add(t);
            } else {
                changed = true;
            }
        }
        for (Taint want : noSchedule) {
            if (current.stream().noneMatch(t -> Taint.of(t).matches(want))) {
                out.add(want.toJson(null));
                changed = true;
            }
        }
        if (noExecute.isPresent() && current.stream().noneMatch(t -> Taint.of(t).matches(noExecute.get()))
                && (hadControllerNoExecute || mayAddNoExecute)) {
            out.add(noExecute.get().toJson(timeAdded));
            changed = true;
        }
        return changed ? Optional.of(out) : Optional.empty();
    }

    /** Whether the node lacks the NoExecute taint it should have (so adding it needs a rate-limit token). */
    static boolean needsNewNoExecute(JsonNode node, Optional<Taint> noExecute) {
        if (noExecute.isEmpty()) {
            return false;
        }
        List<Taint> existing = Taint.of(node, Taint.NO_EXECUTE);
        boolean hasOwn = existing.stream().anyMatch(t -> t.matches(NOT_READY_NO_EXECUTE)
                || t.matches(UNREACHABLE_NO_EXECUTE));
        return !hasOwn;
    }
}
