package dev.tugboat.api.printers;

/** Column definitions shared by the printers. */
final class Columns {

    static final String STRING = "string";
    static final String INTEGER = "integer";
    static final String BOOLEAN = "boolean";
    static final String DATE = "date";

    private Columns() {
    }

    static Column name() {
        return Column.nameColumn();
    }

    static Column age() {
        return Column.ageColumn();
    }

    static Column of(String name, String type, String description) {
        return new Column(name, type, "", description, 0);
    }

    static Column str(String name, String description) {
        return of(name, STRING, description);
    }

    static Column integer(String name, String description) {
        return of(name, INTEGER, description);
    }

    /** A priority-1 column, shown only with {@code -o wide}. */
    static Column wide(String name, String description) {
        return new Column(name, STRING, "", description, 1);
    }

    static Column containers() {
        return wide("Containers", "Names of each container in the template.");
    }

    static Column images() {
        return wide("Images", "Images referenced by each container in the template.");
    }

    static Column selector(String description) {
        return wide("Selector", description);
    }
}
