package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/** A printer given as its columns and a cell function; for kinds whose cells need no extra state. */
record SimplePrinter(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> cellFunction)
        implements TablePrinter {

    SimplePrinter {
        columns = List.copyOf(columns);
    }

    @Override
    public List<Object> cells(JsonNode obj, Instant now) {
        return cellFunction.apply(obj, now);
    }
}
