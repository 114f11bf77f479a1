package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Nodes: NAME, STATUS, ROLES, AGE, VERSION and, wide, addresses and system info. */
final class NodePrinter implements TablePrinter {

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            Columns.str("Status", "The status of the node"),
            Columns.str("Roles", "The roles of the node"),
            Columns.age(),
            Columns.str("Version", "The kubelet version the node reports."),
            Columns.wide("Internal-IP", "The node's first internal IP address."),
            Columns.wide("External-IP", "The node's first external IP address."),
            Columns.wide("OS-Image", "The operating system image the node reports."),
            Columns.wide("Kernel-Version", "The kernel version the node reports."),
            Columns.wide("Container-Runtime", "The container runtime and version the node reports."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode node, Instant now) {
        JsonNode info = Obj.at(node, "status", "nodeInfo");
        return List.of(
                Meta.name(node),
                status(node),
                roles(Meta.labels(node)),
                Cells.age(Obj.at(node, "metadata", "creationTimestamp"), now),
                Obj.str(info, "kubeletVersion"),
                address(node, "InternalIP"),
                address(node, "ExternalIP"),
                orUnknown(Obj.str(info, "osImage")),
                orUnknown(Obj.str(info, "kernelVersion")),
                orUnknown(Obj.str(info, "containerRuntimeVersion")));
    }

    /** Only the Ready condition counts; the last one of that type wins, as in upstream's condition map. */
    private static String status(JsonNode node) {
        String ready = null;
        for (JsonNode c : Obj.list(node, "status", "conditions")) {
            if (c.path("type").asText("").equals("Ready")) {
                ready = c.path("status").asText("").equals("True") ? "Ready" : "NotReady";
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(ready == null ? "Unknown" : ready);
        if (Obj.at(node, "spec", "unschedulable").asBoolean(false)) {
            parts.add("SchedulingDisabled");
        }
        return String.join(",", parts);
    }

    private static String roles(Map<String, String> labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.forEach((k, v) -> {
            if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
                roles.add(k.substring(ROLE_PREFIX.length()));
            } else if (k.equals(ROLE_LABEL) && !v.isEmpty()) {
                roles.add(v);
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : Obj.list(node, "status", "addresses")) {
            if (a.path("type").asText("").equals(type)) {
                return a.path("address").asText("");
            }
        }
        return "<none>";
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}
