package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Server-side printing of one kind into Table rows (upstream's {@code pkg/printers/internalversion}).
 * Pure and thread-safe.
 */
public interface TablePrinter {

    /** All columns, including priority-1 ({@code -o wide}) ones, in order. */
    List<Column> columns();

    /**
     * The cells of one row, one per column in {@link #columns()} order: strings, integers or booleans,
     * never null ({@code "<none>"} where upstream shows it). {@code now} is for ages and durations.
     */
    List<Object> cells(JsonNode obj, Instant now);

    /**
     * The cells for {@code -o wide} ({@code wide} true) or the default output. A few kinds print a cell
     * differently in wide output (a load balancer address is cut to 16 characters otherwise); the
     * default ignores {@code wide}, and {@link #cells(JsonNode, Instant)} is the non-wide form.
     */
    default List<Object> cells(JsonNode obj, Instant now, boolean wide) {
        return cells(obj, now);
    }

    /**
     * Row conditions ({@code meta.k8s.io/v1 TableRowCondition}), e.g. a Succeeded pod's
     * {@code Completed}; empty for most kinds.
     */
    default List<JsonNode> rowConditions(JsonNode obj) {
        return List.of();
    }
}
