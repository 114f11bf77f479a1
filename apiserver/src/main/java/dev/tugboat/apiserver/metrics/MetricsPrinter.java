package dev.tugboat.apiserver.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.printers.Column;
import dev.tugboat.api.printers.TablePrinter;
import dev.tugboat.api.quantity.Quantity;
import java.time.Instant;
import java.util.List;

/**
 * metrics-server's Table of NodeMetrics and PodMetrics ({@code kubectl get nodemetrics}): the name, the
 * cpu and memory usage (a pod's summed over its containers) and the window. Pure.
 */
enum MetricsPrinter implements TablePrinter {
    NODES, PODS;

    private static final List<Column> COLUMNS = List.of(
            new Column("Name", "string", "name", "Name of the resource", 0),
            new Column("cpu", "string", "quantity", "", 0),
            new Column("memory", "string", "quantity", "", 0),
            new Column("Window", "string", "duration", "", 0));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode obj, Instant now) {
        List<JsonNode> usages = this == NODES ? List.of(obj.path("usage"))
                : obj.path("containers").findValues("usage");
        return List.of(Meta.name(obj), sum(usages, "cpu"), sum(usages, "memory"), obj.path("window").asText(""));
    }

    /** The sum in the first addend's format, as Go's Quantity.Add into a zero value gives it. */
    private static String sum(List<JsonNode> usages, String resource) {
        Quantity total = null;
        for (JsonNode u : usages) {
            Quantity q = Quantity.parse(u.path(resource).asText("0"));
            total = total == null ? q : total.add(q);
        }
        return total == null ? "0" : total.toString();
    }
}
