package dev.tugboat.api.labels;

import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label selector string grammar (apimachinery's {@code labels.Parse}): a lexer producing the
 * whole token list up front, then a recursive-descent parser with one token of lookahead. Error
 * texts follow upstream's, since clients show them verbatim. One instance parses one string.
 */
final class SelectorParser {

    private enum Token {
        ERROR, END, CLOSED_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN, LESS_THAN,
        NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    private record Item(Token token, String literal) {
    }

    /** In a value position the keywords {@code in} and {@code notin} are plain identifiers. */
    private enum Context { KEY_AND_OPERATOR, VALUES }

    private static final Map<String, Token> SYMBOLS = Map.ofEntries(
            Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.NOT),
            Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
            Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final String input;
    private int pos;
    private final List<Item> items = new ArrayList<>();
    private int position;

    private SelectorParser(String input) {
        this.input = input;
    }

    /** Parses a selector string into its requirements, in input order. */
    static List<Requirement> parse(String selector) {
        SelectorParser p = new SelectorParser(selector);
        p.scan();
        return p.parseRequirements();
    }

    // ---- lexer ----

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    private void scan() {
        while (true) {
            Item item = lex();
            items.add(item);
            if (item.token() == Token.END) {
                return;
            }
        }
    }

    private Item lex() {
        while (pos < input.length() && isWhitespace(input.charAt(pos))) {
            pos++;
        }
        if (pos >= input.length()) {
            return new Item(Token.END, "");
        }
        return isSpecial(input.charAt(pos)) ? scanSymbol() : scanIdentifier();
    }

    private Item scanIdentifier() {
        int start = pos;
        while (pos < input.length() && !isSpecial(input.charAt(pos)) && !isWhitespace(input.charAt(pos))) {
            pos++;
        }
        String word = input.substring(start, pos);
        Token keyword = SYMBOLS.get(word);
        return new Item(keyword != null ? keyword : Token.IDENTIFIER, word);
    }

    /** The longest run of special characters that still forms an operator ({@code !=} rather than {@code !}). */
    private Item scanSymbol() {
        Item last = null;
        StringBuilder buffer = new StringBuilder();
        while (pos < input.length() && isSpecial(input.charAt(pos))) {
            buffer.append(input.charAt(pos));
            Token t = SYMBOLS.get(buffer.toString());
            if (t != null) {
                last = new Item(t, buffer.toString());
                pos++;
            } else if (last != null) {
                break;
            } else {
                pos++;
            }
        }
        return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
    }

    // ---- parser ----

    private Item lookahead(Context context) {
        return inContext(items.get(position), context);
    }

    private Item consume(Context context) {
        return inContext(items.get(position++), context);
    }

    private static Item inContext(Item item, Context context) {
        if (context == Context.VALUES && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
            return new Item(Token.IDENTIFIER, item.literal());
        }
        return item;
    }

    private List<Requirement> parseRequirements() {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Item next = lookahead(Context.VALUES);
            switch (next.token()) {
                case IDENTIFIER, NOT -> {
                    try {
                        requirements.add(parseRequirement());
                    } catch (InvalidSelectorException e) {
                        throw new InvalidSelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Item after = consume(Context.VALUES);
                    switch (after.token()) {
                        case END -> {
                            return requirements;
                        }
                        case COMMA -> {
                            Item following = lookahead(Context.VALUES);
                            if (following.token() != Token.IDENTIFIER && following.token() != Token.NOT) {
                                throw error("found '" + following.literal() + "', expected: identifier after ','");
                            }
                        }
                        default -> throw error("found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END -> {
                    return requirements;
                }
                default -> throw error("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement parseRequirement() {
        Item first = consume(Context.VALUES);
        boolean negated = first.token() == Token.NOT;
        Item keyItem = negated ? consume(Context.VALUES) : first;
        if (keyItem.token() != Token.IDENTIFIER) {
            throw error("found '" + keyItem.literal() + "', expected: identifier");
        }
        String key = keyItem.literal();
        List<String> keyErrors = Formats.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            // upstream validates with a nil field path here, which renders as "<nil>"
            throw error(FieldError.invalid(FieldPath.root("<nil>"), key, String.join("; ", keyErrors)).toString());
        }
        Token following = lookahead(Context.VALUES).token();
        if (negated) {
            return Requirement.of(key, Operator.DOES_NOT_EXIST, List.of());
        }
        if (following == Token.END || following == Token.COMMA) {
            return Requirement.of(key, Operator.EXISTS, List.of());
        }
        Operator operator = parseOperator();
        List<String> values = switch (operator) {
            case IN, NOT_IN -> parseValueSet();
            default -> parseExactValue();
        };
        return Requirement.of(key, operator, values);
    }

    private Operator parseOperator() {
        Item item = consume(Context.KEY_AND_OPERATOR);
        return switch (item.token()) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GREATER_THAN -> Operator.GREATER_THAN;
            case LESS_THAN -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw error("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
        };
    }

    /** {@code (a,b)}; empty entries ({@code (,a)}, {@code ()}) stand for the empty value. Sorted, de-duplicated. */
    private List<String> parseValueSet() {
        Item open = consume(Context.VALUES);
        if (open.token() != Token.OPEN_PAR) {
            throw error("found '" + open.literal() + "' expected: '('");
        }
        Item next = lookahead(Context.VALUES);
        switch (next.token()) {
            case IDENTIFIER, COMMA -> {
                TreeSet<String> values = parseIdentifierList();
                consume(Context.VALUES); // the list only ends in front of ')'
                return List.copyOf(values);
            }
            case CLOSED_PAR -> {
                consume(Context.VALUES);
                return List.of("");
            }
            default -> throw error("found '" + next.literal() + "', expected: ',', ')' or identifier");
        }
    }

    private TreeSet<String> parseIdentifierList() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item item = consume(Context.VALUES);
            switch (item.token()) {
                case IDENTIFIER -> {
                    values.add(item.literal());
                    Item next = lookahead(Context.VALUES);
                    if (next.token() == Token.CLOSED_PAR) {
                        return values;
                    }
                    if (next.token() != Token.COMMA) {
                        throw error("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Token next = lookahead(Context.VALUES).token();
                    if (next == Token.CLOSED_PAR) {
                        values.add("");
                        return values;
                    }
                    if (next == Token.COMMA) {
                        values.add("");
                    }
                }
                default -> throw error("found '" + item.literal() + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Token next = lookahead(Context.VALUES).token();
        if (next == Token.END || next == Token.COMMA) {
            return List.of("");
        }
        Item item = consume(Context.VALUES);
        if (item.token() == Token.IDENTIFIER) {
            return List.of(item.literal());
        }
        throw error("found '" + item.literal() + "', expected: identifier");
    }

    private static InvalidSelectorException error(String message) {
        return new InvalidSelectorException(message);
    }
}
