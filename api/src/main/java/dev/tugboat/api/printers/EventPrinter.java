package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Events of both API groups: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and, wide, SUBOBJECT, SOURCE,
 * FIRST SEEN, COUNT, NAME. An events.k8s.io/v1 object is read through its own field names
 * ({@code regarding}, {@code note}, {@code deprecated*}), which upstream converts to the core ones.
 */
final class EventPrinter implements TablePrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.str("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Columns.str("Type", "Type of this event (Normal, Warning)."),
            Columns.str("Reason", "A short, machine understandable string for the transition into the object's current status."),
            Columns.str("Object", "The object this event is about, as kind/name."),
            Columns.wide("Subobject", "The part of the object this event is about, such as a container."),
            Columns.wide("Source", "The component and host reporting this event."),
            Columns.str("Message", "A human-readable description of the status of this operation."),
            Columns.wide("First Seen", "The time at which the event was first recorded."),
            Columns.wide("Count", "The number of times this event has occurred."),
            new Column("Name", Columns.STRING, "name", Column.nameColumn().description(), 1));

    /** The fields of one event under its API group's names. */
    private record Shape(String object, String message, String first, String last, String count,
                         String source, String reportingController) {
    }

    private static final Shape CORE = new Shape("involvedObject", "message", "firstTimestamp", "lastTimestamp",
            "count", "source", "reportingComponent");
    private static final Shape EVENTS = new Shape("regarding", "note", "deprecatedFirstTimestamp",
            "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource", "reportingController");

    private final Shape shape;

    private EventPrinter(Shape shape) {
        this.shape = shape;
    }

    static EventPrinter core() {
        return new EventPrinter(CORE);
    }

    static EventPrinter eventsApi() {
        return new EventPrinter(EVENTS);
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode event, Instant now) {
        String first = Cells.time(event.path(shape.first())).isPresent()
                ? Cells.age(event.path(shape.first()), now) : Cells.age(event.path("eventTime"), now);
        String last = Cells.time(event.path(shape.last())).isPresent() ? Cells.age(event.path(shape.last()), now) : first;
        long count = event.path(shape.count()).asLong(0);
        JsonNode series = event.path("series");
        if (series.isObject()) {
            last = Cells.age(series.path("lastObservedTime"), now);
            count = series.path("count").asLong(0);
        } else if (count == 0) {
            count = 1; // singleton events of the new API carry no count
        }
        JsonNode object = event.path(shape.object());
        String kind = object.path("kind").asText("").toLowerCase(Locale.ROOT);
        String name = object.path("name").asText("");
        return List.of(
                last,
                Obj.str(event, "type"),
                Obj.str(event, "reason"),
                name.isEmpty() ? kind : kind + "/" + name,
                object.path("fieldPath").asText(""),
                source(event),
                Obj.str(event, shape.message()).strip(),
                first,
                count,
                Meta.name(event));
    }

    /** {@code component, host}, falling back to the reporting controller and instance. */
    private String source(JsonNode event) {
        String component = firstNonEmpty(Obj.str(event, shape.source(), "component"),
                Obj.str(event, shape.reportingController()));
        String instance = firstNonEmpty(Obj.str(event, shape.source(), "host"), Obj.str(event, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
