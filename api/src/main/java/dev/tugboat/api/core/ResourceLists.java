package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import dev.tugboat.api.validation.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Normalisation of quantities stored in JSON trees: every quantity is written back in canonical text
 * (as the typed round trip upstream does), and {@code ResourceList} maps are also rounded up to milli
 * precision ({@code SetDefaults_ResourceList}). Unparsable values are left for validation to report.
 */
public final class ResourceLists {

    private ResourceLists() {
    }

    /** Rounds and canonicalises each quantity of the map {@code parent.field}, if present. */
    public static void defaultList(JsonNode parent, String field) {
        ObjectNode list = Fields.objectOrNull(parent, field);
        if (list == null) {
            return;
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        entries.addAll(list.properties());
        for (Map.Entry<String, JsonNode> e : entries) {
            try {
                list.put(e.getKey(), Quantity.parse(e.getValue()).roundUpToMilli().toString());
            } catch (QuantityFormatException ignored) {
                // Left in place: validation names the field and the decoder's rule.
            }
        }
    }

    /** Canonicalises the single quantity {@code parent.field}, if present and well formed. */
    public static void canonical(JsonNode parent, String field) {
        if (!(parent instanceof ObjectNode o) || !Fields.has(o, field)) {
            return;
        }
        try {
            o.put(field, Quantity.parse(o.get(field)).toString());
        } catch (QuantityFormatException ignored) {
            // Left in place for validation.
        }
    }

    /** The parsed quantity, or null when it does not parse. */
    public static Quantity parseOrNull(JsonNode value) {
        try {
            return Quantity.parse(value);
        } catch (QuantityFormatException e) {
            return null;
        }
    }
}
