package dev.tugboat.api.labels;

/** The operator of one label selector requirement, as apimachinery's {@code selection.Operator}. */
public enum Operator {
    IN("in"),
    NOT_IN("notin"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    GREATER_THAN("gt"),
    LESS_THAN("lt"),
    EXISTS("exists"),
    DOES_NOT_EXIST("!");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator's name as apimachinery spells it in messages ({@code in}, {@code =}, {@code gt}, …). */
    public String symbol() {
        return symbol;
    }
}
