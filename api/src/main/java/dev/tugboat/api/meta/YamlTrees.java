package dev.tugboat.api.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads the first YAML document of a request body into a JSON tree as the API server's
 * {@code sigs.k8s.io/yaml} does (go-yaml v2, then JSON): anchors and aliases are resolved, merge
 * keys ({@code <<: *base}) fill in the keys a mapping does not set itself, an alias to an undefined
 * anchor is an error, and plain scalars get go-yaml's types ({@code yes} and {@code on} are booleans,
 * {@code 0644} is octal, {@code 12:30} and {@code 2024-01-01} stay strings; floats become Go's
 * {@code float64}). Jackson's YAML tree reader loses anchors on scalar values and reads an alias
 * as the string of its name, hence this reader over SnakeYAML's event stream. Stateless.
 */
public final class YamlTrees {

    /** Deepest nesting of collections accepted, as for JSON bodies. */
    static final int MAX_DEPTH = 1000;
    /** Whole-document budget for nodes produced by alias expansion (a "billion laughs" guard). */
    private static final long MAX_EXPANDED_NODES = 1_000_000;
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUES = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
            "ON");
    private static final Set<String> FALSES = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
            "Off", "OFF");
    private static final Set<String> NOT_JSON = Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
            "+.INF", "-.inf", "-.Inf", "-.INF");
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private YamlTrees() {
    }

    /**
     * The first document of {@code yaml}; a missing node when there is none.
     *
     * @throws YamlException when the YAML is malformed, nested deeper than {@value #MAX_DEPTH}, an
     *                       alias names no anchor (go-yaml's {@code yaml: unknown anchor 'x'
     *                       referenced}) or a value has no JSON form
     */
    public static JsonNode read(byte[] yaml) throws YamlException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        ParserImpl parser = new ParserImpl(new StreamReader(new InputStreamReader(new ByteArrayInputStream(yaml),
                StandardCharsets.UTF_8)), options);
        try {
            return new Builder().build(parser);
        } catch (YAMLException e) {
            throw new YamlException(describe(e));
        }
    }

    /** In go-yaml's form: {@code yaml: line 2: <problem>}. */
    private static String describe(YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
            String line = m.getProblemMark() == null ? "" : "line " + (m.getProblemMark().getLine() + 1) + ": ";
            String context = m.getContext() == null ? "" : m.getContext() + ": ";
            return "yaml: " + line + context + m.getProblem();
        }
        return "yaml: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip());
    }

    /** An anchored value and the number of JSON nodes in it: what each alias to it costs. */
    private record Anchored(JsonNode node, long size) {
    }

    /** A collection being read: its node, its anchor, and for mappings the pending key and merged keys. */
    private static final class Frame {
        final JsonNode node;
        final String anchor;
        final ObjectNode merged;
        long size = 1;
        String key;
        boolean mergeKey;

        Frame(JsonNode node, String anchor, ObjectNode merged) {
            this.node = node;
            this.anchor = anchor;
            this.merged = merged;
        }
    }

    /**
     * Builds one document's tree from the parser's events without recursion, so the nesting depth
     * is bounded by {@link #MAX_DEPTH} rather than by the thread's stack.
     */
    private static final class Builder {
        private final JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        private final Map<String, Anchored> anchors = new HashMap<>();
        private final Set<String> open = new HashSet<>();
        private final Deque<Frame> stack = new ArrayDeque<>();
        private long expanded;
        private JsonNode root;

        JsonNode build(ParserImpl parser) throws YamlException {
            while (true) {
                Event e = parser.getEvent();
                switch (e) {
                    case StreamStartEvent s -> {
                    }
                    case DocumentStartEvent d -> {
                    }
                    case DocumentEndEvent d -> {
                        return root;
                    }
                    case StreamEndEvent s -> {
                        return Json.MAPPER.missingNode();
                    }
                    case AliasEvent a -> alias(a.getAnchor());
                    case ScalarEvent sc -> {
                        JsonNode v = scalar(sc);
                        if (sc.getAnchor() != null) {
                            anchors.put(sc.getAnchor(), new Anchored(v, 1));
                        }
                        add(v, 1, sc.getTag() == null && sc.isPlain() && sc.getValue().equals("<<"));
                    }
                    case SequenceStartEvent ss -> open(nodes.arrayNode(), ss.getAnchor(), null);
                    case MappingStartEvent ms -> open(nodes.objectNode(), ms.getAnchor(), nodes.objectNode());
                    case SequenceEndEvent se -> close();
                    case MappingEndEvent me -> close();
                    default -> throw new YamlException("yaml: unexpected " + e.getEventId());
                }
            }
        }

        private void open(JsonNode node, String anchor, ObjectNode merged) throws YamlException {
            if (stack.size() == MAX_DEPTH) {
                throw new YamlException("yaml: exceeded the maximum nesting depth of " + MAX_DEPTH);
            }
            if (anchor != null) {
                open.add(anchor);
            }
            stack.push(new Frame(node, anchor, merged));
        }

        private void close() throws YamlException {
            Frame f = stack.pop();
            if (f.node instanceof ObjectNode obj) {
                // Keys the mapping sets itself win over merged ones, wherever the merge key stands.
                for (Map.Entry<String, JsonNode> e : f.merged.properties()) {
                    if (!obj.has(e.getKey())) {
                        obj.set(e.getKey(), e.getValue());
                    }
                }
            }
            if (f.anchor != null) {
                open.remove(f.anchor);
                anchors.put(f.anchor, new Anchored(f.node, f.size));
            }
            add(f.node, f.size, false);
        }

        private void alias(String name) throws YamlException {
            if (open.contains(name)) {
                throw new YamlException("yaml: anchor '" + name + "' value contains itself");
            }
            Anchored target = anchors.get(name);
            if (target == null) {
                throw new YamlException("yaml: unknown anchor '" + name + "' referenced");
            }
            expanded += target.size();
            if (expanded > MAX_EXPANDED_NODES) {
                throw new YamlException("yaml: document contains excessive aliasing");
            }
            add(target.node().deepCopy(), target.size(), false);
        }

        /** Places a finished value: as the root, a sequence's next item, or a mapping's key or value. */
        private void add(JsonNode v, long size, boolean mergeKey) throws YamlException {
            Frame f = stack.peek();
            if (f == null) {
                root = v;
                return;
            }
            f.size += size;
            if (f.node instanceof ArrayNode arr) {
                arr.add(v);
                return;
            }
            if (f.key == null) {
                if (v.isContainerNode()) {
                    throw new YamlException("yaml: invalid map key: a " + (v.isArray() ? "sequence" : "mapping")
                            + " cannot be a JSON object key");
                }
                // JSON keys are strings: other scalars print as sigs.k8s.io/yaml prints them.
                f.key = v.isTextual() ? v.textValue() : v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
                f.mergeKey = mergeKey;
                return;
            }
            if (f.mergeKey) {
                merge(v, f.merged);
            } else {
                ((ObjectNode) f.node).set(f.key, v);
            }
            f.key = null;
        }

        /** A merge value is a mapping or a sequence of mappings; the first to set a key wins. */
        private static void merge(JsonNode v, ObjectNode into) throws YamlException {
            if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isObject()) {
                        throw new YamlException("yaml: map merge requires map or sequence of maps as the value");
                    }
                    merge(item, into);
                }
                return;
            }
            if (!v.isObject()) {
                throw new YamlException("yaml: map merge requires map or sequence of maps as the value");
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!into.has(e.getKey())) {
                    into.set(e.getKey(), e.getValue());
                }
            }
        }

        private JsonNode scalar(ScalarEvent e) throws YamlException {
            String text = e.getValue();
            String tag = e.getTag();
            if (tag == null || tag.equals("!")) {
                return tag == null && e.isPlain() ? resolvePlain(text) : nodes.textNode(text);
            }
            if (tag.equals(Tag.STR.getValue())) {
                return nodes.textNode(text);
            }
            if (tag.equals(Tag.BINARY.getValue())) {
                try {
                    return nodes.textNode(new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException ex) {
                    throw new YamlException("yaml: !!binary value contains invalid base64 data");
                }
            }
            JsonNode resolved = resolvePlain(text);
            boolean fits = tag.equals(Tag.INT.getValue()) ? resolved.isIntegralNumber()
                    : tag.equals(Tag.FLOAT.getValue()) ? resolved.isNumber()
                    : tag.equals(Tag.BOOL.getValue()) ? resolved.isBoolean()
                    : !tag.equals(Tag.NULL.getValue()) || resolved.isNull();
            if (!fits) {
                throw new YamlException("yaml: cannot decode !!str `" + text + "` as a " + tag);
            }
            return resolved;
        }

        /** go-yaml v2's resolution of an untagged plain scalar, then Go's JSON form of the value. */
        private JsonNode resolvePlain(String in) throws YamlException {
            if (NULLS.contains(in)) {
                return nodes.nullNode();
            }
            if (TRUES.contains(in)) {
                return nodes.booleanNode(true);
            }
            if (FALSES.contains(in)) {
                return nodes.booleanNode(false);
            }
            if (NOT_JSON.contains(in)) {
                throw new YamlException("json: unsupported value: "
                        + (in.toLowerCase(Locale.ROOT).contains("nan") ? "NaN" : in.startsWith("-") ? "-Inf" : "+Inf"));
            }
            char hint = in.charAt(0);
            if (hint == '.') {
                return asFloat(in);
            }
            if ((hint < '0' || hint > '9') && hint != '+' && hint != '-') {
                return nodes.textNode(in);
            }
            String plain = in.replace("_", "");
            BigInteger integer = goInteger(plain);
            if (integer != null) {
                if (integer.bitLength() < 64) {
                    return nodes.numberNode(integer.longValue());
                }
                if (integer.signum() > 0 && integer.compareTo(UINT64_LIMIT) < 0) {
                    return nodes.numberNode(integer);
                }
            }
            JsonNode f = asFloat(plain);
            return f.isNumber() ? f : nodes.textNode(in);
        }

        /**
         * A Go {@code float64} in YAML's float syntax, as encoding/json writes it and reads it back;
         * anything else (or out of range, as Go's ParseFloat reports it) stays text.
         */
        private JsonNode asFloat(String s) {
            if (!YAML_FLOAT.matcher(s).matches()) {
                return nodes.textNode(s);
            }
            double d = Double.parseDouble(s);
            if (Double.isInfinite(d)) {
                return nodes.textNode(s);
            }
            BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            if (exact.scale() <= 0 && exact.abs().compareTo(BigDecimal.valueOf(1e21)) < 0) {
                BigInteger i = exact.toBigIntegerExact();
                return i.bitLength() < 64 ? nodes.numberNode(i.longValue()) : nodes.numberNode(i);
            }
            return nodes.numberNode(exact);
        }
    }

    /**
     * Go's {@code strconv.ParseInt(s, 0, 64)} syntax without the range limit: an optional sign, then
     * {@code 0x}, {@code 0o}, {@code 0b} or a leading {@code 0} (octal) prefix, or decimal digits.
     */
    static BigInteger goInteger(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            radix = p == 'x' ? 16 : p == 'b' ? 2 : 8;
            body = body.substring(p == 'x' || p == 'b' || p == 'o' ? 2 : 1);
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int j = 0; j < body.length(); j++) {
            if (Character.digit(body.charAt(j), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(body, radix);
        return negative ? v.negate() : v;
    }

    /** Malformed YAML, or YAML without a JSON form, in go-yaml's words. */
    public static final class YamlException extends IOException {
        YamlException(String message) {
            super(message);
        }
    }
}
