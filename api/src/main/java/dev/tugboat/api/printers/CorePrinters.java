package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.Labels;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Printers of small core/v1 kinds: Namespace, ConfigMap, Secret, ServiceAccount, Endpoints, PodTemplate. */
final class CorePrinters {

    private static final int MAX_ENDPOINTS = 3;

    private CorePrinters() {
    }

    private static String age(JsonNode obj, Instant now) {
        return Cells.age(Obj.at(obj, "metadata", "creationTimestamp"), now);
    }

    static TablePrinter namespace() {
        return new SimplePrinter(List.of(Columns.name(), Columns.str("Status", "The status of the namespace"),
                Columns.age()),
                (ns, now) -> List.of(Meta.name(ns), Obj.str(ns, "status", "phase"), age(ns, now)));
    }

    static TablePrinter configMap() {
        return new SimplePrinter(List.of(Columns.name(), Columns.str("Data", "The number of data and binary data keys."),
                Columns.age()),
                (cm, now) -> List.of(Meta.name(cm), (long) (Obj.size(cm, "data") + Obj.size(cm, "binaryData")),
                        age(cm, now)));
    }

    /** DATA counts {@code data} keys; {@code stringData} keys count too, as they merge into data on decode. */
    static TablePrinter secret() {
        return new SimplePrinter(List.of(Columns.name(), Columns.str("Type", "The type of the secret."),
                Columns.str("Data", "The number of data keys."), Columns.age()),
                (secret, now) -> {
                    Set<String> keys = new HashSet<>(Obj.map(secret, "data").keySet());
                    keys.addAll(Obj.map(secret, "stringData").keySet());
                    return List.of(Meta.name(secret), Obj.str(secret, "type"), (long) keys.size(), age(secret, now));
                });
    }

    static TablePrinter serviceAccount() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Secrets", "The number of secrets the service account lists."), Columns.age()),
                (sa, now) -> List.of(Meta.name(sa), (long) Obj.size(sa, "secrets"), age(sa, now)));
    }

    static TablePrinter endpoints() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Endpoints", "The ready addresses and ports of the endpoints."), Columns.age()),
                (ep, now) -> List.of(Meta.name(ep), endpointsText(ep), age(ep, now)));
    }

    /** {@code ip:port} per subset port and address (the IP alone for a subset without ports), at most three shown. */
    static String endpointsText(JsonNode ep) {
        List<JsonNode> subsets = Obj.list(ep, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = Obj.list(ss, "addresses");
            List<JsonNode> ports = Obj.list(ss, "ports");
            if (ports.isEmpty()) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() < MAX_ENDPOINTS) {
                        list.add(a.path("ip").asText(""));
                    }
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() < MAX_ENDPOINTS) {
                        list.add(hostPort(a.path("ip").asText(""), port.path("port").asLong(0)));
                    }
                }
            }
        }
        String joined = String.join(",", list);
        return count > list.size() && list.size() == MAX_ENDPOINTS
                ? joined + " + " + (count - MAX_ENDPOINTS) + " more..." : joined;
    }

    /** Go's {@code net.JoinHostPort}: IPv6 addresses in brackets. */
    static String hostPort(String host, long port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    static TablePrinter podTemplate() {
        return new SimplePrinter(List.of(Columns.name(), Columns.str("Containers", "Names of each container in the template."),
                Columns.str("Images", "Images referenced by each container in the template."),
                Columns.str("Pod Labels", "The labels for the pod template.")),
                (pt, now) -> {
                    List<String> containers = Cells.containerCells(Obj.at(pt, "template", "spec"));
                    return List.of(Meta.name(pt), containers.get(0), containers.get(1),
                            Labels.format(Obj.map(pt, "template", "metadata", "labels")));
                });
    }
}
