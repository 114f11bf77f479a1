package dev.tugboat.api.jsonpath;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses client-go's JSONPath template dialect: literal text with {@code {…}} actions holding
 * fields, indexes and slices, filters, recursive descent, unions, quoted strings, numbers and the
 * {@code range}/{@code end} keywords. Error texts follow client-go's. One instance parses one template.
 */
final class Parser {

    private static final Pattern DICT_KEY = Pattern.compile("'([^']*)'");
    private static final Pattern SLICE = Pattern.compile("(-?\\d*)(:-?\\d*)?(:-?\\d*)?");
    private static final Pattern COMPARISON = Pattern.compile("([^!<>=]+)([!<>=]+)(.+?)", Pattern.DOTALL);
    private static final int EOF = -1;

    private final String input;
    private int pos;

    private Parser(String input) {
        this.input = input;
    }

    /** The template's top-level nodes, with {@code range … end} folded into {@link Node.Range} blocks. */
    static List<Node> parseTemplate(String template) {
        Parser p = new Parser(template);
        return foldRanges(p.parseText());
    }

    /** One action's content, as client-go's {@code parseAction}: the text is parsed as {@code {text}}. */
    private static Node.Sequence parseAction(String text) {
        Parser p = new Parser("{" + text + "}");
        List<Node> nodes = p.parseText();
        return nodes.isEmpty() ? new Node.Sequence(List.of()) : (Node.Sequence) nodes.get(0);
    }

    private List<Node> parseText() {
        List<Node> root = new ArrayList<>();
        while (pos < input.length()) {
            int open = input.indexOf('{', pos);
            if (open < 0) {
                root.add(new Node.Text(input.substring(pos)));
                pos = input.length();
                break;
            }
            if (open > pos) {
                root.add(new Node.Text(input.substring(pos, open)));
            }
            pos = open + 1;
            root.add(parseInsideAction());
        }
        return root;
    }

    private int next() {
        return pos < input.length() ? input.charAt(pos++) : EOF;
    }

    private int peek() {
        return pos < input.length() ? input.charAt(pos) : EOF;
    }

    private Node.Sequence parseInsideAction() {
        List<Node> cur = new ArrayList<>();
        while (true) {
            if (input.startsWith("}", pos)) {
                pos++;
                return new Node.Sequence(cur);
            }
            if (input.startsWith("[?(", pos)) {
                pos += 3;
                cur.add(parseFilter());
                continue;
            }
            if (input.startsWith("..", pos)) {
                parseRecursive(cur);
                continue;
            }
            int r = pos < input.length() ? input.charAt(pos) : EOF;
            pos++;
            if (r == EOF || r == '\r' || r == '\n') {
                throw new JsonPathException("unclosed action");
            } else if (r == ' ' || r == '@' || r == '$') {
                continue;
            } else if (r == '[') {
                cur.addAll(parseArray());
            } else if (r == '"' || r == '\'') {
                cur.add(parseQuote((char) r));
            } else if (r == '.') {
                cur.add(parseField());
            } else if (r == '+' || r == '-' || Character.isDigit(r)) {
                pos--;
                cur.add(parseNumber());
            } else if (isAlphaNumeric(r)) {
                pos--;
                cur.add(parseIdentifier());
            } else {
                throw new JsonPathException("unrecognized character in action: " + goRune(r));
            }
        }
    }

    private Node parseIdentifier() {
        int start = pos;
        while (!isTerminator(peek())) {
            pos++;
        }
        String value = input.substring(start, pos);
        if (value.equals("true") || value.equals("false")) {
            return new Node.BoolLiteral(Boolean.parseBoolean(value));
        }
        return new Node.Identifier(value);
    }

    private void parseRecursive(List<Node> cur) {
        if (!cur.isEmpty() && cur.get(cur.size() - 1) instanceof Node.Recursive) {
            throw new JsonPathException("invalid multiple recursive descent");
        }
        pos += 2;
        cur.add(new Node.Recursive());
        if (isAlphaNumeric(peek())) {
            cur.add(parseField());
        }
    }

    private Node parseNumber() {
        int start = pos;
        if (peek() == '+' || peek() == '-') {
            pos++;
        }
        while (peek() == '.' || Character.isDigit(peek())) {
            pos++;
        }
        String value = input.substring(start, pos);
        try {
            return new Node.IntLiteral(Long.parseLong(value.startsWith("+") ? value.substring(1) : value));
        } catch (NumberFormatException notInt) {
            try {
                return new Node.FloatLiteral(Double.parseDouble(value));
            } catch (NumberFormatException notFloat) {
                throw new JsonPathException("cannot parse number " + value);
            }
        }
    }

    /** After {@code [}: an index, a slice, {@code *}, a quoted key or a comma-separated union. */
    private List<Node> parseArray() {
        int start = pos;
        while (true) {
            int c = next();
            if (c == EOF || c == '\n') {
                throw new JsonPathException("unterminated array");
            }
            if (c == ']') {
                break;
            }
        }
        String text = input.substring(start, pos - 1);
        if (text.equals("*")) {
            text = ":";
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 1) {
            List<Node.Sequence> members = new ArrayList<>();
            for (String part : parts) {
                members.add(parseAction("[" + part.strip() + "]"));
            }
            return List.of(new Node.Union(members));
        }
        Matcher key = DICT_KEY.matcher(text);
        if (key.matches()) {
            // A quoted key names one member, dots included; backslashes escape as in field names.
            return List.of(new Node.Field(key.group(1).replace("\\", "")));
        }
        Matcher slice = SLICE.matcher(text);
        if (!slice.matches()) {
            throw new JsonPathException("invalid array index " + text);
        }
        Integer first = number(slice.group(1));
        String endText = slice.group(2);
        Integer end;
        boolean derived = false;
        if (endText == null) {
            end = (first == null ? 0 : first) + 1;
            derived = true;
        } else {
            end = number(endText.substring(1));
        }
        String stepText = slice.group(3);
        Integer step = stepText == null ? null : number(stepText.substring(1));
        return List.of(new Node.Slice(first, end, derived, step));
    }

    private static Integer number(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new JsonPathException("array index " + s + " is not a number");
        }
    }

    /** After {@code [?(}: up to the {@code )} that is not inside quotes, then {@code ]}. */
    private Node parseFilter() {
        int start = pos;
        boolean begin = false;
        boolean end = false;
        int pair = 0;
        while (true) {
            int r = next();
            if (r == EOF || r == '\n') {
                throw new JsonPathException("unterminated filter");
            }
            if (r == '"' || r == '\'') {
                if (!begin) {
                    begin = true;
                    pair = r;
                    continue;
                }
                if (input.charAt(pos - 2) != '\\' && r == pair) {
                    end = true;
                }
            } else if (r == ')' && begin == end) {
                break;
            }
        }
        if (next() != ']') {
            throw new JsonPathException("unclosed array expect ]");
        }
        String text = input.substring(start, pos - 2);
        Matcher m = COMPARISON.matcher(text);
        if (!m.matches()) {
            return new Node.Filter(parseAction(text), new Node.Sequence(List.of()), "exists");
        }
        return new Node.Filter(parseAction(m.group(1)), parseAction(m.group(3)), m.group(2));
    }

    private Node parseQuote(char quote) {
        int start = pos - 1;
        while (true) {
            int c = next();
            if (c == EOF || c == '\n') {
                throw new JsonPathException("unterminated quoted string");
            }
            if (c == quote && input.charAt(pos - 2) != '\\') {
                break;
            }
        }
        String value = input.substring(start, pos);
        return new Node.Text(unquote(value));
    }

    /** After {@code .}: up to the next unescaped terminator; {@code *} is the wildcard. */
    private Node parseField() {
        int start = pos;
        while (true) {
            int r = peek();
            if (r == '\\') {
                pos = Math.min(pos + 2, input.length());
            } else if (isTerminator(r)) {
                break;
            } else {
                pos++;
            }
        }
        String value = input.substring(start, pos);
        return value.equals("*") ? new Node.Wildcard() : new Node.Field(value.replace("\\", ""));
    }

    /** Go's {@code strconv.Unquote}, also for single-quoted strings. */
    private static String unquote(String s) {
        char quote = s.charAt(0);
        String body = s.substring(1, s.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                if (c == quote) {
                    throw unquoteError(s);
                }
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw unquoteError(s);
            }
            char e = body.charAt(i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw unquoteError(s);
                    }
                    out.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len >= body.length()) {
                        throw unquoteError(s);
                    }
                    try {
                        out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 1 + len), 16));
                    } catch (IllegalArgumentException ex) {
                        throw unquoteError(s);
                    }
                    i += len;
                }
                default -> throw unquoteError(s);
            }
        }
        return out.toString();
    }

    private static JsonPathException unquoteError(String value) {
        return new JsonPathException("unquote string " + value + " error invalid syntax");
    }

    private static boolean isTerminator(int r) {
        return switch (r) {
            case EOF, ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}' -> true;
            default -> false;
        };
    }

    private static boolean isAlphaNumeric(int r) {
        return r != EOF && (r == '_' || Character.isLetter(r) || Character.isDigit(r));
    }

    /** Go's {@code %#U}: {@code U+0026 '&'}, without the quoted form for unprintable characters. */
    private static String goRune(int r) {
        String hex = String.format("U+%04X", r);
        return Character.isISOControl(r) ? hex : hex + " '" + Character.toString(r) + "'";
    }

    /** Folds {@code {range X}…{end}} into {@link Node.Range} blocks, nesting allowed. */
    private static List<Node> foldRanges(List<Node> nodes) {
        List<Node> out = new ArrayList<>();
        int i = 0;
        while (i < nodes.size()) {
            Node n = nodes.get(i);
            if (n instanceof Node.Sequence seq && !seq.nodes().isEmpty()
                    && seq.nodes().get(0) instanceof Node.Identifier id && id.name().equals("range")) {
                int depth = 1;
                int j = i + 1;
                while (j < nodes.size() && depth > 0) {
                    if (isKeyword(nodes.get(j), "range")) {
                        depth++;
                    } else if (isKeyword(nodes.get(j), "end")) {
                        depth--;
                    }
                    if (depth > 0) {
                        j++;
                    }
                }
                Node.Sequence over = new Node.Sequence(seq.nodes().subList(1, seq.nodes().size()));
                out.add(new Node.Range(over, foldRanges(nodes.subList(i + 1, Math.min(j, nodes.size())))));
                i = j + 1;
            } else {
                out.add(n);
                i++;
            }
        }
        return out;
    }

    private static boolean isKeyword(Node n, String keyword) {
        return n instanceof Node.Sequence seq && !seq.nodes().isEmpty()
                && seq.nodes().get(0) instanceof Node.Identifier id && id.name().equals(keyword);
    }
}
