package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** ResourceQuotas: NAME, REQUEST, LIMIT, AGE; {@code res: used/hard} for each hard limit, sorted. */
final class ResourceQuotaPrinter implements TablePrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            Columns.str("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Columns.str("Limit", "Limits control the maximum amount of cpu/memory that a container may use "
                    + "independent of contention on the node."),
            Columns.age());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode quota, Instant now) {
        JsonNode hard = Obj.at(quota, "status", "hard");
        JsonNode used = Obj.at(quota, "status", "used");
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        hard.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String usedText = used.has(name) ? used.get(name).asText() : "0";
            String entry = name + ": " + usedText + "/" + hard.get(name).asText();
            String[] pieces = name.split("\\.", -1);
            (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(entry);
        }
        return List.of(Meta.name(quota), String.join(", ", requests), String.join(", ", limits),
                Cells.age(Obj.at(quota, "metadata", "creationTimestamp"), now));
    }
}
