package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods: NAME, READY, STATUS, RESTARTS, AGE and, wide, IP, NODE, NOMINATED NODE, READINESS GATES
 * (facts §3.2, §3.3). Succeeded and Failed pods carry a {@code Completed} row condition.
 */
final class PodPrinter implements TablePrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            Columns.str("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Columns.str("Status", "The aggregate status of the containers in this pod."),
            Columns.str("Restarts", "The number of times the containers in this pod have been restarted and when "
                    + "the last container in this pod has restarted."),
            Columns.age(),
            Columns.wide("IP", "The pod's first IP address."),
            Columns.wide("Node", "The node the pod is bound to."),
            Columns.wide("Nominated Node", "The node the scheduler nominated for the pod while preempting."),
            Columns.wide("Readiness Gates", "Readiness gate conditions that are true, of all gates."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode pod, Instant now) {
        Summary s = summarize(pod);
        String restarts = Long.toString(s.restarts());
        if (s.restarts() != 0 && s.lastRestart() != null) {
            restarts = s.restarts() + " (" + HumanDuration.format(Duration.between(s.lastRestart(), now)) + " ago)";
        }
        List<JsonNode> ips = Obj.list(pod, "status", "podIPs");
        String ip = ips.isEmpty() ? Obj.str(pod, "status", "podIP") : ips.get(0).path("ip").asText("");
        return List.of(
                Meta.name(pod),
                s.ready() + "/" + s.total(),
                s.reason(),
                restarts,
                Cells.age(Obj.at(pod, "metadata", "creationTimestamp"), now),
                orNone(ip),
                orNone(Obj.str(pod, "spec", "nodeName")),
                orNone(Obj.str(pod, "status", "nominatedNodeName")),
                readinessGates(pod));
    }

    @Override
    public List<JsonNode> rowConditions(JsonNode pod) {
        return switch (Obj.str(pod, "status", "phase")) {
            case "Succeeded" -> List.of(completed("Succeeded", "The pod has completed successfully."));
            case "Failed" -> List.of(completed("Failed", "The pod failed."));
            default -> List.of();
        };
    }

    private static JsonNode completed(String reason, String message) {
        ObjectNode c = Json.object();
        c.put("type", "Completed");
        c.put("status", "True");
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }

    private static String readinessGates(JsonNode pod) {
        List<JsonNode> gates = Obj.list(pod, "spec", "readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueCount = 0;
        for (JsonNode gate : gates) {
            String type = gate.path("conditionType").asText("");
            for (JsonNode c : Obj.list(pod, "status", "conditions")) {
                if (c.path("type").asText("").equals(type)) {
                    if (c.path("status").asText("").equals("True")) {
                        trueCount++;
                    }
                    break;
                }
            }
        }
        return trueCount + "/" + gates.size();
    }

    /** READY counts, the STATUS reason, the restart count and the newest restart time (null if none). */
    record Summary(int ready, int total, String reason, long restarts, Instant lastRestart) {
    }

    /**
     * The STATUS/READY/RESTARTS precedence of facts §3.3, in upstream's order:
     * 1. phase, overridden by status.reason and by a SchedulingGated PodScheduled condition;
     * 2. init containers in status order, the first one not done deciding {@code Init:…};
     * 3. unless initializing, regular containers from last to first, so the first waiting or
     *    terminated one in spec order decides;
     * 4. deletion turns the result into {@code Terminating} (or {@code Unknown} for a lost node).
     */
    static Summary summarize(JsonNode pod) {
        // 1. phase and pod-level reasons
        String phase = Obj.str(pod, "status", "phase");
        String reason = Obj.str(pod, "status", "reason").isEmpty() ? phase : Obj.str(pod, "status", "reason");
        for (JsonNode c : Obj.list(pod, "status", "conditions")) {
            if (c.path("type").asText("").equals("PodScheduled")
                    && c.path("reason").asText("").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }
        List<JsonNode> initSpecs = Obj.list(pod, "spec", "initContainers");
        Map<String, Boolean> sidecar = new HashMap<>();
        int total = Obj.list(pod, "spec", "containers").size();
        for (JsonNode c : initSpecs) {
            boolean restartable = c.path("restartPolicy").asText("").equals("Always");
            sidecar.put(c.path("name").asText(""), restartable);
            if (restartable) {
                total++;
            }
        }

        // 2. init containers
        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        List<JsonNode> initStatuses = Obj.list(pod, "status", "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode st = initStatuses.get(i);
            boolean isSidecar = sidecar.getOrDefault(st.path("name").asText(""), false);
            restarts += st.path("restartCount").asLong(0);
            Instant finished = lastFinished(st);
            lastRestart = newer(lastRestart, finished);
            if (isSidecar) {
                sidecarRestarts += st.path("restartCount").asLong(0);
                lastSidecarRestart = newer(lastSidecarRestart, finished);
            }
            JsonNode terminated = Obj.at(st, "state", "terminated");
            JsonNode waiting = Obj.at(st, "state", "waiting");
            if (terminated.isObject() && terminated.path("exitCode").asLong(0) == 0) {
                continue;
            }
            if (isSidecar && st.path("started").asBoolean(false)) {
                if (st.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated.isObject()) {
                reason = terminated.path("reason").asText("").isEmpty()
                        ? signalOrExit("Init:", terminated) : "Init:" + terminated.path("reason").asText();
            } else if (waiting.isObject() && !waiting.path("reason").asText("").isEmpty()
                    && !waiting.path("reason").asText("").equals("PodInitializing")) {
                reason = "Init:" + waiting.path("reason").asText();
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }

        // 3. regular containers
        if (!initializing || hasCondition(pod, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = Obj.list(pod, "status", "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode st = statuses.get(i);
                restarts += st.path("restartCount").asLong(0);
                lastRestart = newer(lastRestart, lastFinished(st));
                JsonNode waiting = Obj.at(st, "state", "waiting");
                JsonNode terminated = Obj.at(st, "state", "terminated");
                if (waiting.isObject() && !waiting.path("reason").asText("").isEmpty()) {
                    reason = waiting.path("reason").asText();
                } else if (terminated.isObject() && !terminated.path("reason").asText("").isEmpty()) {
                    reason = terminated.path("reason").asText();
                } else if (terminated.isObject()) {
                    reason = signalOrExit("", terminated);
                } else if (st.path("ready").asBoolean(false) && Obj.at(st, "state", "running").isObject()) {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
            }
        }

        // 4. deletion
        if (Meta.isDeleting(pod) && Obj.str(pod, "status", "reason").equals("NodeLost")) {
            reason = "Unknown";
        } else if (Meta.isDeleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }
        return new Summary(ready, total, reason, restarts, lastRestart);
    }

    private static String signalOrExit(String prefix, JsonNode terminated) {
        long signal = terminated.path("signal").asLong(0);
        return signal != 0 ? prefix + "Signal:" + signal : prefix + "ExitCode:" + terminated.path("exitCode").asLong(0);
    }

    private static Instant lastFinished(JsonNode status) {
        return Cells.time(Obj.at(status, "lastState", "terminated", "finishedAt")).orElse(null);
    }

    private static Instant newer(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return a == null || a.isBefore(b) ? b : a;
    }

    private static boolean hasCondition(JsonNode pod, String type) {
        for (JsonNode c : Obj.list(pod, "status", "conditions")) {
            if (c.path("type").asText("").equals(type) && c.path("status").asText("").equals("True")) {
                return true;
            }
        }
        return false;
    }
}
