package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Ingresses: NAME, CLASS, HOSTS, ADDRESS, PORTS, AGE. */
final class IngressPrinter implements TablePrinter {

    private static final int MAX_HOSTS = 3;

    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            Columns.str("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            Columns.str("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            Columns.str("Address", "Address is a list containing ingress points for the load-balancer"),
            Columns.str("Ports", "Ports of TLS configurations that open"),
            Columns.age());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode ingress, Instant now) {
        return cells(ingress, now, false);
    }

    @Override
    public List<Object> cells(JsonNode ingress, Instant now, boolean wide) {
        JsonNode className = Obj.at(ingress, "spec", "ingressClassName");
        return List.of(
                Meta.name(ingress),
                className.isTextual() ? className.textValue() : "<none>",
                hosts(Obj.list(ingress, "spec", "rules")),
                LoadBalancerAddresses.format(Obj.at(ingress, "status", "loadBalancer"), wide),
                Obj.list(ingress, "spec", "tls").isEmpty() ? "80" : "80, 443",
                Cells.age(Obj.at(ingress, "metadata", "creationTimestamp"), now));
    }

    /** Non-empty rule hosts, at most three, then {@code  + N more...} counting all rules beyond three; {@code *} if none. */
    private static String hosts(List<JsonNode> rules) {
        List<String> list = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (list.size() == MAX_HOSTS) {
                more = true;
            }
            String host = rule.path("host").asText("");
            if (!more && !host.isEmpty()) {
                list.add(host);
            }
        }
        if (list.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (rules.size() - MAX_HOSTS) + " more..." : joined;
    }
}
