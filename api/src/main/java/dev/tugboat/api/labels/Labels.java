package dev.tugboat.api.labels;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How label maps and label selectors are shown in table cells (upstream's {@code FormatLabels} and {@code FormatLabelSelector}). */
public final class Labels {

    private Labels() {
    }

    /** {@code k=v} pairs sorted by key, comma-joined; {@code <none>} for an empty map. */
    public static String format(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "<none>";
        }
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /**
     * A {@code metav1.LabelSelector} as {@code app=x,tier in (a,b),!k}; {@code <none>} when it is
     * missing or empty, {@code <error>} when it does not convert.
     */
    public static String formatSelector(JsonNode selector) {
        try {
            String s = LabelSelector.fromJson(selector).toString();
            return s.isEmpty() ? "<none>" : s;
        } catch (InvalidSelectorException e) {
            return "<error>";
        }
    }
}
