package dev.tugboat.api.apiextensions.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Go (RE2) regular expression, as the {@code pattern} keyword of a CRD schema is written, run on
 * {@code java.util.regex} after translation. Only RE2 syntax is accepted: backreferences, lookaround,
 * possessive quantifiers, atomic groups and Java-only escapes are rejected with Go's own error text,
 * so a pattern behaves the same whether it is checked when the CRD is written or when a value is.
 *
 * <p>Semantics kept from Go: matching is a search ({@code MatchString}); {@code $} without the
 * {@code m} flag matches only at the end of the text; {@code .} excludes only {@code \n};
 * {@code \s} is {@code [\t\n\f\r ]}; {@code (?i)} folds Unicode case; {@code (?U)} is accepted (it
 * cannot change whether a match exists). Because Java backtracks where RE2 does not, every search
 * runs under a step budget and reports {@link TooExpensive} instead of running away.
 *
 * <p>Immutable and thread-safe.
 */
public final class GoRegex {

    /** Character reads a single search may make before giving up. */
    static final long STEP_BUDGET = 20_000_000L;

    private static final Set<String> CATEGORIES = Set.of("C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo",
            "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps",
            "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs");
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\p{Space}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));
    private static final String SPACE_CHARS = "\\x{9}\\x{a}\\x{c}\\x{d}\\x{20}";

    private final String source;
    private final Pattern pattern;

    private GoRegex(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /**
     * Parses a Go regular expression.
     *
     * @throws GoRegexException with Go's message ({@code error parsing regexp: ...}) when Go would reject it
     */
    public static GoRegex compile(String expr) throws GoRegexException {
        String java = new Translator(expr).translate();
        try {
            return new GoRegex(expr, Pattern.compile(java, Pattern.UNIX_LINES));
        } catch (RuntimeException e) {
            throw new GoRegexException("error parsing regexp: invalid or unsupported Perl syntax: `" + expr + "`");
        }
    }

    /** The expression as written. */
    public String source() {
        return source;
    }

    /**
     * Whether the expression matches somewhere in {@code input}, as Go's {@code MatchString}.
     *
     * @throws TooExpensive when the search exceeds its step budget
     */
    public boolean find(String input) {
        try {
            return pattern.matcher(new Budgeted(input)).find();
        } catch (BudgetExceeded e) {
            throw new TooExpensive();
        }
    }

    /** A search stopped because it exceeded its budget; the outcome is unknown. */
    public static final class TooExpensive extends RuntimeException {
        TooExpensive() {
            super("regular expression search exceeded its step budget", null, false, false);
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** Counts character reads so a backtracking search cannot run unbounded. */
    private static final class Budgeted implements CharSequence {
        private final String s;
        private final long[] steps;

        Budgeted(String s) {
            this(s, new long[1]);
        }

        private Budgeted(String s, long[] steps) {
            this.s = s;
            this.steps = steps;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > STEP_BUDGET) {
                throw new BudgetExceeded();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(s.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    private record Flags(boolean multiLine) {
    }

    /** One pass over the Go syntax, emitting an equivalent Java pattern or failing like Go's parser. */
    private static final class Translator {
        private final String src;
        private final StringBuilder out = new StringBuilder();
        private final Deque<Flags> groups = new ArrayDeque<>();
        private Flags flags = new Flags(false);
        private int pos;
        private boolean repeatable;
        private int lastRepeatStart = -1;

        Translator(String src) {
            this.src = src;
        }

        String translate() throws GoRegexException {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                switch (c) {
                    case '(' -> group();
                    case ')' -> closeGroup();
                    case '|' -> {
                        out.append('|');
                        pos++;
                        repeatable = false;
                        lastRepeatStart = -1;
                    }
                    case '*', '+', '?' -> repeat(pos, pos + 1);
                    case '{' -> brace();
                    case '[' -> atom(charClass());
                    case '^' -> {
                        pos++;
                        atom("(?:^)");
                    }
                    case '$' -> {
                        pos++;
                        atom(flags.multiLine() ? "(?:$)" : "(?:\\z)");
                    }
                    case '.' -> {
                        pos++;
                        atom(".");
                    }
                    case '\\' -> atom(escape());
                    default -> {
                        int cp = src.codePointAt(pos);
                        pos += Character.charCount(cp);
                        atom(literal(cp));
                    }
                }
            }
            if (!groups.isEmpty()) {
                throw error("missing closing )", src);
            }
            return out.toString();
        }

        private void atom(String java) {
            out.append(java);
            repeatable = true;
            lastRepeatStart = -1;
        }

        private void closeGroup() throws GoRegexException {
            if (groups.isEmpty()) {
                throw error("unexpected )", src);
            }
            flags = groups.pop();
            pos++;
            atom(")");
        }

        /** A repetition operator spanning {@code [start, end)}, plus an optional lazy {@code ?}. */
        private void repeat(int start, int end) throws GoRegexException {
            int stop = end < src.length() && src.charAt(end) == '?' ? end + 1 : end;
            if (lastRepeatStart >= 0) {
                throw error("invalid nested repetition operator", src.substring(lastRepeatStart, stop));
            }
            if (!repeatable) {
                throw error("missing argument to repetition operator", src.substring(start, stop));
            }
            out.append(src, start, stop);
            pos = stop;
            repeatable = false;
            lastRepeatStart = start;
        }

        /** {@code {n}}, {@code {n,}} or {@code {n,m}} repeat; anything else is a literal brace, as in Go. */
        private void brace() throws GoRegexException {
            int close = src.indexOf('}', pos);
            String body = close < 0 ? null : src.substring(pos + 1, close);
            if (body == null || !body.matches("[0-9]+(,[0-9]*)?")) {
                pos++;
                atom("\\{");
                return;
            }
            String[] parts = body.split(",", -1);
            long min = parseCount(parts[0]);
            long max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : parseCount(parts[1]);
            if (min > 1000 || max > 1000 || max >= 0 && max < min) {
                throw error("invalid repeat count", src.substring(pos, close + 1));
            }
            repeat(pos, close + 1);
        }

        private static long parseCount(String digits) {
            return digits.length() > 4 ? Long.MAX_VALUE : Long.parseLong(digits);
        }

        private void group() throws GoRegexException {
            if (!src.startsWith("(?", pos)) {
                groups.push(flags);
                pos++;
                out.append('(');
                repeatable = false;
                lastRepeatStart = -1;
                return;
            }
            if (src.startsWith("(?P<", pos) || src.startsWith("(?<", pos) && !src.startsWith("(?<=", pos)
                    && !src.startsWith("(?<!", pos)) {
                int nameStart = src.indexOf('<', pos) + 1;
                int end = src.indexOf('>', nameStart);
                String name = end < 0 ? "" : src.substring(nameStart, end);
                if (end < 0 || !name.matches("[A-Za-z0-9_]+")) {
                    throw error("invalid named capture", src.substring(pos, end < 0 ? src.length() : end + 1));
                }
                groups.push(flags);
                pos = end + 1;
                out.append("(?:");
                repeatable = false;
                lastRepeatStart = -1;
                return;
            }
            perlFlags();
        }

        /** {@code (?flags)} or {@code (?flags:re)} with Go's flags {@code i m s U}. */
        private void perlFlags() throws GoRegexException {
            int start = pos;
            pos += 2;
            boolean negated = false;
            boolean sawFlag = false;
            boolean multiLine = flags.multiLine();
            StringBuilder on = new StringBuilder();
            StringBuilder off = new StringBuilder();
            while (pos < src.length()) {
                char c = src.charAt(pos++);
                switch (c) {
                    case 'i', 'm', 's', 'U' -> {
                        String java = switch (c) {
                            case 'i' -> "iu";
                            case 'm' -> "m";
                            case 's' -> "s";
                            default -> ""; // ungreedy swaps laziness, which cannot change whether a match exists
                        };
                        (negated ? off : on).append(java);
                        if (c == 'm') {
                            multiLine = !negated;
                        }
                        sawFlag = true;
                    }
                    case '-' -> {
                        if (negated) {
                            throw error("invalid or unsupported Perl syntax", src.substring(start, pos));
                        }
                        negated = true;
                        sawFlag = false;
                    }
                    case ':', ')' -> {
                        if (negated && !sawFlag) {
                            throw error("invalid or unsupported Perl syntax", src.substring(start, pos));
                        }
                        String javaFlags = on + (off.isEmpty() ? "" : "-" + off);
                        if (c == ')') {
                            flags = new Flags(multiLine);
                            if (!javaFlags.isEmpty()) {
                                out.append("(?").append(javaFlags).append(')');
                            }
                        } else {
                            groups.push(flags);
                            flags = new Flags(multiLine);
                            out.append("(?").append(javaFlags).append(':');
                        }
                        repeatable = false;
                        lastRepeatStart = -1;
                        return;
                    }
                    default -> throw error("invalid or unsupported Perl syntax", src.substring(start, pos));
                }
            }
            throw error("missing closing )", src);
        }

        /** An escape outside a character class. */
        private String escape() throws GoRegexException {
            if (pos + 1 >= src.length()) {
                throw error("trailing backslash at end of expression", "");
            }
            char c = src.charAt(pos + 1);
            switch (c) {
                case 'A', 'z', 'b', 'B' -> {
                    pos += 2;
                    return "(?:\\" + c + ")";
                }
                case 'd', 'D', 'w', 'W' -> {
                    pos += 2;
                    return "\\" + c;
                }
                case 's' -> {
                    pos += 2;
                    return "[" + SPACE_CHARS + "]";
                }
                case 'S' -> {
                    pos += 2;
                    return "[^" + SPACE_CHARS + "]";
                }
                case 'p', 'P' -> {
                    return "[" + unicodeClass() + "]";
                }
                case 'Q' -> {
                    int end = src.indexOf("\\E", pos + 2);
                    String lit = end < 0 ? src.substring(pos + 2) : src.substring(pos + 2, end);
                    pos = end < 0 ? src.length() : end + 2;
                    StringBuilder sb = new StringBuilder("(?:");
                    lit.codePoints().forEach(cp -> sb.append(literal(cp)));
                    return sb.append(')').toString();
                }
                default -> {
                    return literal(escapedChar());
                }
            }
        }

        /** The code point of a character escape ({@code \n}, {@code \x41}, {@code \101}, {@code \.}). */
        private int escapedChar() throws GoRegexException {
            int start = pos;
            char c = src.charAt(pos + 1);
            pos += 2;
            if (c >= '1' && c <= '7' && (pos >= src.length() || src.charAt(pos) < '0' || src.charAt(pos) > '7')) {
                throw error("invalid escape sequence", src.substring(start, pos));
            }
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int i = 1; i < 3 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; i++) {
                    v = v * 8 + src.charAt(pos++) - '0';
                }
                return v;
            }
            switch (c) {
                case 'a':
                    return 7;
                case 'f':
                    return 12;
                case 't':
                    return 9;
                case 'n':
                    return 10;
                case 'r':
                    return 13;
                case 'v':
                    return 11;
                case 'x':
                    return hexEscape(start);
                default:
                    break;
            }
            if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                return c;
            }
            int cp = src.codePointAt(start + 1);
            pos = start + 1 + Character.charCount(cp);
            throw error("invalid escape sequence", src.substring(start, pos));
        }

        private int hexEscape(int start) throws GoRegexException {
            if (pos < src.length() && src.charAt(pos) == '{') {
                int close = src.indexOf('}', pos);
                String hex = close < 0 ? "" : src.substring(pos + 1, close);
                if (close < 0 || !hex.matches("[0-9A-Fa-f]{1,8}") || Long.parseLong(hex, 16) > 0x10FFFF) {
                    throw error("invalid escape sequence", src.substring(start, close < 0 ? src.length() : close + 1));
                }
                pos = close + 1;
                return Integer.parseInt(hex, 16);
            }
            if (pos + 2 > src.length() || !src.substring(pos, pos + 2).matches("[0-9A-Fa-f]{2}")) {
                throw error("invalid escape sequence", src.substring(start, Math.min(src.length(), pos + 2)));
            }
            pos += 2;
            return Integer.parseInt(src.substring(pos - 2, pos), 16);
        }

        /** {@code \pL}, {@code \p{Greek}}, {@code \P{^Lu}}: the inside of a Java class, without brackets. */
        private String unicodeClass() throws GoRegexException {
            int start = pos;
            boolean negated = src.charAt(pos + 1) == 'P';
            pos += 2;
            String name;
            if (pos < src.length() && src.charAt(pos) == '{') {
                int close = src.indexOf('}', pos);
                if (close < 0) {
                    throw error("invalid character class range", src.substring(start));
                }
                name = src.substring(pos + 1, close);
                pos = close + 1;
            } else if (pos < src.length()) {
                int cp = src.codePointAt(pos);
                name = new String(Character.toChars(cp));
                pos += Character.charCount(cp);
            } else {
                throw error("invalid character class range", src.substring(start));
            }
            if (name.startsWith("^")) {
                negated = !negated;
                name = name.substring(1);
            }
            String java = javaProperty(name);
            if (java == null) {
                throw error("invalid character class range", src.substring(start, pos));
            }
            if (name.equals("Any")) {
                // A nested class keeps "matches nothing" valid both inside and outside brackets.
                return negated ? "[^" + java + "]" : java;
            }
            return negated ? "\\P" + java.substring(2) : java;
        }

        private static String javaProperty(String name) {
            if (name.equals("Any")) {
                return "\\x{0}-\\x{10FFFF}";
            }
            if (CATEGORIES.contains(name)) {
                return "\\p{" + name + "}";
            }
            if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
                return null;
            }
            try {
                Character.UnicodeScript script = Character.UnicodeScript.forName(name);
                return script.name().equals(name.toUpperCase(Locale.ROOT)) ? "\\p{Is" + name + "}" : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** A bracket expression, emitted with every member spelled out so Java's class syntax never applies. */
        private String charClass() throws GoRegexException {
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder("[");
            if (pos < src.length() && src.charAt(pos) == '^') {
                sb.append('^');
                pos++;
            }
            boolean first = true;
            while (true) {
                if (pos >= src.length()) {
                    throw error("missing closing ]", src.substring(start));
                }
                char c = src.charAt(pos);
                if (c == ']' && !first) {
                    pos++;
                    return sb.append(']').toString();
                }
                first = false;
                if (src.startsWith("[:", pos) && posixClass(sb)) {
                    continue;
                }
                if (c == '\\' && pos + 1 < src.length() && "pP".indexOf(src.charAt(pos + 1)) >= 0) {
                    sb.append(unicodeClass());
                    continue;
                }
                if (c == '\\' && pos + 1 < src.length() && "dDwWsS".indexOf(src.charAt(pos + 1)) >= 0) {
                    char k = src.charAt(pos + 1);
                    pos += 2;
                    sb.append(switch (k) {
                        case 's' -> SPACE_CHARS;
                        case 'S' -> "[^" + SPACE_CHARS + "]";
                        default -> "\\" + k;
                    });
                    continue;
                }
                int rangeStart = pos;
                int lo = classChar();
                if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                    pos++;
                    int hi = classChar();
                    if (hi < lo) {
                        throw error("invalid character class range", src.substring(rangeStart, pos));
                    }
                    sb.append(hex(lo)).append('-').append(hex(hi));
                } else {
                    sb.append(hex(lo));
                }
            }
        }

        /** {@code [:alpha:]} or {@code [:^alpha:]}; false (consuming nothing) when it is not one. */
        private boolean posixClass(StringBuilder sb) throws GoRegexException {
            int close = src.indexOf(":]", pos + 2);
            if (close < 0) {
                return false;
            }
            String name = src.substring(pos + 2, close);
            boolean negated = name.startsWith("^");
            String java = POSIX.get(negated ? name.substring(1) : name);
            if (java == null) {
                throw error("invalid character class range", src.substring(pos, close + 2));
            }
            pos = close + 2;
            if (negated) {
                sb.append(java.equals("\\w") ? "\\W" : "\\P" + java.substring(2));
            } else {
                sb.append(java);
            }
            return true;
        }

        private int classChar() throws GoRegexException {
            if (src.charAt(pos) == '\\') {
                if (pos + 1 >= src.length()) {
                    throw error("trailing backslash at end of expression", "");
                }
                return escapedChar();
            }
            int cp = src.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }

        private static String literal(int cp) {
            if (cp < 0x80 && Character.isLetterOrDigit(cp)) {
                return String.valueOf((char) cp);
            }
            return hex(cp);
        }

        private static String hex(int cp) {
            return "\\x{" + Integer.toHexString(cp) + "}";
        }

        private static GoRegexException error(String code, String expr) {
            return new GoRegexException("error parsing regexp: " + code + ": `" + expr + "`");
        }
    }
}
