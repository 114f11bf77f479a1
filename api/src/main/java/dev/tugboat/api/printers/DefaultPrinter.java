package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * The default table convertor for kinds without a printer (Role, ClusterRole, LimitRange,
 * CustomResourceDefinition, …): NAME and CREATED AT, the creation time in RFC 3339 UTC.
 */
public final class DefaultPrinter implements TablePrinter {

    public static final DefaultPrinter INSTANCE = new DefaultPrinter();

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final List<Column> COLUMNS = List.of(
            Columns.name(),
            new Column("Created At", Columns.DATE, "", Column.ageColumn().description(), 0));

    private DefaultPrinter() {
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode obj, Instant now) {
        String created = Cells.time(Obj.at(obj, "metadata", "creationTimestamp")).map(Timestamps::format)
                .orElse(ZERO_TIME);
        return List.of(Meta.name(obj), created);
    }
}
