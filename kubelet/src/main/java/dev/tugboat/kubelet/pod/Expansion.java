package dev.tugboat.kubelet.pod;

import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion in env values, command and args: a reference to a defined
 * variable becomes its value; an undefined one stays as written; {@code $$} is an escaped {@code $};
 * a {@code $} not starting a reference is kept; an unclosed {@code $(} is kept literally. Pure.
 */
public final class Expansion {

    private Expansion() {
    }

    /** @param lookup a variable's value, or null when it is not defined */
    public static String expand(String input, Function<String, String> lookup) {
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char ch = input.charAt(i);
            if (ch != '$' || i + 1 == input.length()) {
                out.append(ch);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append("$(");
                    i += 2;
                } else {
                    String name = input.substring(i + 2, close);
                    String value = lookup.apply(name);
                    out.append(value != null ? value : "$(" + name + ")");
                    i = close + 1;
                }
            } else {
                out.append('$').append(next);
                i += 2;
            }
        }
        return out.toString();
    }
}
