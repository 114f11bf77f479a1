package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.jsonpath.JsonPath;
import dev.tugboat.api.jsonpath.JsonPathException;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Custom resources: NAME, then the CRD version's {@code additionalPrinterColumns}, or a single
 * {@code Age} date column when it declares none. Each column's JSONPath takes its first match;
 * missing values, failed paths and values of the wrong type print as empty cells.
 */
public final class CustomResourcePrinter implements TablePrinter {

    private record PathColumn(Column column, JsonPath path) {
    }

    private final List<Column> columns;
    private final List<PathColumn> pathColumns;

    private CustomResourcePrinter(List<PathColumn> pathColumns) {
        this.pathColumns = List.copyOf(pathColumns);
        List<Column> all = new ArrayList<>();
        all.add(Column.nameColumn());
        pathColumns.forEach(pc -> all.add(pc.column()));
        this.columns = List.copyOf(all);
    }

    /**
     * The printer of one CRD version from its {@code additionalPrinterColumns} array (missing or
     * empty: the default {@code Age} column).
     *
     * @throws JsonPathException when a column's {@code jsonPath} does not parse
     */
    public static CustomResourcePrinter of(JsonNode additionalPrinterColumns) {
        List<PathColumn> cols = new ArrayList<>();
        if (additionalPrinterColumns == null || !additionalPrinterColumns.isArray()
                || additionalPrinterColumns.isEmpty()) {
            cols.add(new PathColumn(new Column("Age", Columns.DATE, "", Column.ageColumn().description(), 0),
                    JsonPath.parseExpression(".metadata.creationTimestamp")));
            return new CustomResourcePrinter(cols);
        }
        for (JsonNode c : additionalPrinterColumns) {
            String jsonPath = c.path("jsonPath").asText("");
            String description = c.path("description").asText("");
            if (description.isEmpty()) {
                description = "Custom resource definition column (in JSONPath format): " + jsonPath;
            }
            Column column = new Column(c.path("name").asText(""), c.path("type").asText(""),
                    c.path("format").asText(""), description, c.path("priority").asInt(0));
            cols.add(new PathColumn(column, JsonPath.parseExpression(jsonPath)));
        }
        return new CustomResourcePrinter(cols);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(JsonNode obj, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(Meta.name(obj));
        for (PathColumn pc : pathColumns) {
            cells.add(first(pc.path(), obj).map(v -> cell(pc.column().type(), v, now)).orElse(""));
        }
        return cells;
    }

    private static Optional<JsonNode> first(JsonPath path, JsonNode obj) {
        try {
            List<List<JsonNode>> results = path.findResults(obj, true);
            if (results.isEmpty() || results.get(0).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(results.get(0).get(0));
        } catch (JsonPathException e) {
            return Optional.empty();
        }
    }

    /** The typed cell of a value; {@code ""} when the value does not fit the column type. */
    static Object cell(String type, JsonNode v, Instant now) {
        return switch (type) {
            case "string" -> JsonPath.text(v);
            case "integer" -> v.isNumber() ? (Object) v.longValue() : "";
            case "number" -> v.isNumber() ? (Object) v.doubleValue() : "";
            case "boolean" -> v.isBoolean() ? (Object) v.booleanValue() : "";
            case "date" -> v.isTextual() ? date(v.textValue(), now) : "";
            default -> "";
        };
    }

    private static String date(String text, Instant now) {
        if (text.isEmpty() || text.equals("null")) {
            return "<unknown>";
        }
        return Timestamps.parse(text).map(t -> HumanDuration.format(Duration.between(t, now))).orElse("<invalid>");
    }
}
