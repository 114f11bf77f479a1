package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.Labels;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Services: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE and, wide, SELECTOR. */
final class ServicePrinter implements TablePrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            Columns.str("Type", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
            Columns.str("Cluster-IP", "The service's first cluster IP, or None for a headless service."),
            Columns.str("External-IP", "External addresses: external IPs, load balancer ingress or the external name."),
            Columns.str("Port(s)", "The service ports, with node ports where allocated."),
            Columns.age(),
            Columns.selector("Labels of the pods this service routes to."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode svc, Instant now) {
        return cells(svc, now, false);
    }

    @Override
    public List<Object> cells(JsonNode svc, Instant now, boolean wide) {
        List<JsonNode> clusterIPs = Obj.list(svc, "spec", "clusterIPs");
        String clusterIP = clusterIPs.isEmpty() ? Obj.str(svc, "spec", "clusterIP") : clusterIPs.get(0).asText("");
        String ports = ports(Obj.list(svc, "spec", "ports"));
        return List.of(
                Meta.name(svc),
                Obj.str(svc, "spec", "type"),
                clusterIP.isEmpty() ? "<none>" : clusterIP,
                externalIP(svc, wide),
                ports.isEmpty() ? "<none>" : ports,
                Cells.age(Obj.at(svc, "metadata", "creationTimestamp"), now),
                Labels.format(Obj.map(svc, "spec", "selector")));
    }

    private static String externalIP(JsonNode svc, boolean wide) {
        List<String> externalIPs = new ArrayList<>();
        Obj.list(svc, "spec", "externalIPs").forEach(ip -> externalIPs.add(ip.asText("")));
        return switch (Obj.str(svc, "spec", "type")) {
            case "ClusterIP", "NodePort" -> externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
            case "LoadBalancer" -> {
                String lb = LoadBalancerAddresses.format(Obj.at(svc, "status", "loadBalancer"), wide);
                if (!externalIPs.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(externalIPs);
                    yield String.join(",", all);
                }
                yield lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> Obj.str(svc, "spec", "externalName");
            default -> "<unknown>";
        };
    }

    /** {@code 80/TCP}, or {@code 80:30080/TCP} with a node port; comma-joined. */
    private static String ports(List<JsonNode> ports) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode p : ports) {
            long nodePort = p.path("nodePort").asLong(0);
            String protocol = p.path("protocol").asText("");
            pieces.add(p.path("port").asLong(0) + (nodePort > 0 ? ":" + nodePort : "") + "/" + protocol);
        }
        return String.join(",", pieces);
    }
}
