package dev.tugboat.api.jsonpath;

import java.util.List;

/** The parse tree of a JSONPath template (client-go's {@code jsonpath} node kinds); immutable records, safe to share. */
sealed interface Node {

    /** Literal text: outside actions, or a quoted string inside one. */
    record Text(String text) implements Node {
    }

    /** A sequence evaluated left to right: one action, a filter side or a union member. */
    record Sequence(List<Node> nodes) implements Node {
        public Sequence {
            nodes = List.copyOf(nodes);
        }
    }

    /** {@code .name}: an object member. */
    record Field(String name) implements Node {
    }

    /** {@code [start:end:step]}; an index {@code [i]} has a derived end of {@code i+1}. */
    record Slice(Integer start, Integer end, boolean endDerived, Integer step) implements Node {
    }

    /** {@code [?(@.a == "b")]}, or {@code [?(@.a)]} with operator {@code exists}. */
    record Filter(Sequence left, Sequence right, String operator) implements Node {
    }

    record IntLiteral(long value) implements Node {
    }

    record FloatLiteral(double value) implements Node {
    }

    record BoolLiteral(boolean value) implements Node {
    }

    /** {@code .*} or {@code [*]}. */
    record Wildcard() implements Node {
    }

    /** {@code ..}: the value and all its descendants that have children. */
    record Recursive() implements Node {
    }

    /** {@code [a,b]}: the concatenated results of each member. */
    record Union(List<Sequence> members) implements Node {
        public Union {
            members = List.copyOf(members);
        }
    }

    /** A keyword: {@code range} or {@code end}. */
    record Identifier(String name) implements Node {
    }

    /** {@code {range X}body{end}}: the body evaluated once per result of X. */
    record Range(Sequence over, List<Node> body) implements Node {
        public Range {
            body = List.copyOf(body);
        }
    }
}
