package dev.tugboat.api.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled Kubernetes JSONPath template (client-go's {@code util/jsonpath}), as used by CRD
 * {@code additionalPrinterColumns} and {@code selectableFields}: {@code {.spec.replicas}},
 * {@code {.items[*].metadata.name}}, {@code [0]}, {@code [-1]}, {@code [1:3]}, {@code [?(@.type=="Ready")]},
 * {@code ..}, {@code ['a.b']}, unions and {@code {range …}…{end}}. Immutable and thread-safe.
 */
public final class JsonPath {

    private final List<Node> root;

    private JsonPath(List<Node> root) {
        this.root = root;
    }

    /**
     * Parses a template: literal text with {@code {…}} actions.
     *
     * @throws JsonPathException with client-go's message
     */
    public static JsonPath parse(String template) {
        return new JsonPath(Parser.parseTemplate(template));
    }

    /** Parses a bare expression such as {@code .status.phase} (a CRD column's {@code jsonPath}) as {@code {expr}}. */
    public static JsonPath parseExpression(String expression) {
        return parse("{" + expression + "}");
    }

    /**
     * The results of each top-level piece of the template, in order; literal text yields itself.
     *
     * @param allowMissingKeys true: a missing field yields nothing; false: it fails with
     *                         {@code <field> is not found}
     * @throws JsonPathException when evaluation fails (missing key, index out of bounds, bad comparison)
     */
    public List<List<JsonNode>> findResults(JsonNode data, boolean allowMissingKeys) {
        return new Evaluator(allowMissingKeys).run(root, data);
    }

    /** All results flattened, in order. */
    public List<JsonNode> evaluate(JsonNode data, boolean allowMissingKeys) {
        List<JsonNode> out = new ArrayList<>();
        findResults(data, allowMissingKeys).forEach(out::addAll);
        return out;
    }

    /** The template rendered as text, as {@code kubectl -o jsonpath} prints it: results of one piece space-separated. */
    public String execute(JsonNode data, boolean allowMissingKeys) {
        StringBuilder sb = new StringBuilder();
        for (List<JsonNode> group : findResults(data, allowMissingKeys)) {
            for (int i = 0; i < group.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(GoText.print(group.get(i)));
            }
        }
        return sb.toString();
    }

    /**
     * One value as client-go prints a result: strings raw, numbers and booleans as Go prints them,
     * objects and arrays as compact JSON with sorted keys, null as {@code <nil>}.
     */
    public static String text(JsonNode value) {
        return GoText.print(value);
    }

    /** Walks the parse tree over JSON values; one instance per evaluation. */
    private static final class Evaluator {

        private final boolean allowMissingKeys;

        Evaluator(boolean allowMissingKeys) {
            this.allowMissingKeys = allowMissingKeys;
        }

        List<List<JsonNode>> run(List<Node> nodes, JsonNode current) {
            List<List<JsonNode>> groups = new ArrayList<>();
            for (Node node : nodes) {
                if (node instanceof Node.Range range) {
                    for (JsonNode item : walk(List.of(current), range.over())) {
                        groups.addAll(run(range.body(), item));
                    }
                } else {
                    groups.add(walk(List.of(current), node));
                }
            }
            return groups;
        }

        private List<JsonNode> walk(List<JsonNode> input, Node node) {
            return switch (node) {
                case Node.Sequence seq -> {
                    List<JsonNode> cur = input;
                    for (Node n : seq.nodes()) {
                        cur = walk(cur, n);
                    }
                    yield cur;
                }
                case Node.Text t -> List.of(TextNode.valueOf(t.text()));
                case Node.Field f -> field(input, f.name());
                case Node.Slice s -> slice(input, s);
                case Node.Filter f -> filter(input, f);
                case Node.IntLiteral i -> repeat(input, LongNode.valueOf(i.value()));
                case Node.FloatLiteral f -> repeat(input, DoubleNode.valueOf(f.value()));
                case Node.BoolLiteral b -> repeat(input, BooleanNode.valueOf(b.value()));
                case Node.Wildcard w -> wildcard(input);
                case Node.Recursive r -> recursive(input);
                case Node.Union u -> {
                    List<JsonNode> out = new ArrayList<>();
                    for (Node.Sequence member : u.members()) {
                        out.addAll(walk(input, member));
                    }
                    yield out;
                }
                case Node.Identifier id -> throw new JsonPathException(id.name().equals("end")
                        ? "not in range, nothing to end" : "unrecognized identifier " + id.name());
                case Node.Range r -> throw new IllegalStateException("ranges are folded at the top level only");
            };
        }

        private static List<JsonNode> repeat(List<JsonNode> input, JsonNode value) {
            List<JsonNode> out = new ArrayList<>(input.size());
            input.forEach(x -> out.add(value));
            return out;
        }

        private static boolean isNil(JsonNode v) {
            return v == null || v.isNull() || v.isMissingNode();
        }

        private List<JsonNode> field(List<JsonNode> input, String name) {
            List<JsonNode> out = new ArrayList<>();
            if (input.isEmpty()) {
                return out;
            }
            for (JsonNode v : input) {
                if (isNil(v)) {
                    continue;
                }
                if (name.isEmpty()) {
                    out.add(v); // "{.}" is the current value
                } else if (v.isObject() && v.has(name)) {
                    out.add(v.get(name));
                }
            }
            if (out.isEmpty() && !allowMissingKeys) {
                throw new JsonPathException(name + " is not found");
            }
            return out;
        }

        private List<JsonNode> slice(List<JsonNode> input, Node.Slice s) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : input) {
                if (isNil(v)) {
                    continue;
                }
                if (!v.isArray()) {
                    throw new JsonPathException(goType(v) + " is not array or slice");
                }
                int len = v.size();
                int start = s.start() == null ? 0 : s.start();
                if (start < 0) {
                    start += len;
                }
                int end = s.end() == null ? len : s.end();
                if (end < 0 || (end == 0 && s.endDerived())) {
                    end += len;
                }
                if (start == end) {
                    continue;
                }
                if (start >= len || start < 0) {
                    throw new JsonPathException("array index out of bounds: index " + start + ", length " + len);
                }
                if (end > len || end < 0) {
                    throw new JsonPathException("array index out of bounds: index " + (end - 1) + ", length " + len);
                }
                if (start > end) {
                    throw new JsonPathException("starting index " + start + " is greater than ending index " + end);
                }
                int step = 1;
                if (s.step() != null) {
                    if (s.step() <= 0) {
                        throw new JsonPathException("step must be > 0");
                    }
                    step = s.step();
                }
                for (int i = start; i < end; i += step) {
                    out.add(v.get(i));
                }
            }
            return out;
        }

        private List<JsonNode> wildcard(List<JsonNode> input) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : input) {
                if (v != null && v.isContainerNode()) {
                    v.forEach(out::add);
                }
            }
            return out;
        }

        private List<JsonNode> recursive(List<JsonNode> input) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : input) {
                if (v != null && v.isContainerNode() && !v.isEmpty()) {
                    out.add(v);
                    List<JsonNode> children = new ArrayList<>();
                    v.forEach(children::add);
                    out.addAll(recursive(children));
                }
            }
            return out;
        }

        private List<JsonNode> filter(List<JsonNode> input, Node.Filter f) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : input) {
                if (v == null || !v.isArray()) {
                    throw new JsonPathException(GoText.print(v) + " is not array or slice and cannot be filtered");
                }
                for (JsonNode element : v) {
                    if (f.operator().equals("exists")) {
                        List<JsonNode> lefts;
                        try {
                            lefts = walk(List.of(element), f.left());
                        } catch (JsonPathException missing) {
                            lefts = List.of();
                        }
                        if (!lefts.isEmpty()) {
                            out.add(element);
                        }
                        continue;
                    }
                    JsonNode left = single(walk(List.of(element), f.left()));
                    JsonNode right = single(walk(List.of(element), f.right()));
                    if (Comparison.test(f.operator(), left, right)) {
                        out.add(element);
                    }
                }
            }
            return out;
        }

        private static JsonNode single(List<JsonNode> values) {
            if (values.size() != 1) {
                throw new JsonPathException("can only compare one element at a time");
            }
            return values.get(0);
        }

        /** The Go type name of a decoded JSON value, for error messages. */
        private static String goType(JsonNode v) {
            if (v.isObject()) {
                return "map[string]interface {}";
            }
            if (v.isTextual()) {
                return "string";
            }
            if (v.isBoolean()) {
                return "bool";
            }
            return GoText.isInteger(v) ? "int64" : "float64";
        }
    }
}
