package dev.tugboat.schemagen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Definitions of the types that marshal themselves in Go (so no struct describes them) or that the
 * client models as plain Java types: times, int-or-string, quantities, raw JSON values and the
 * patch body. Shapes follow upstream's published v3 documents; descriptions are our own.
 */
final class SpecialDefinitions {

    private static final String APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

    private SpecialDefinitions() {
    }

    static Map<String, ObjectNode> all(ObjectMapper m) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        out.put(DefinitionNames.TIME, m.createObjectNode()
                .put("description", "A point in time, serialized as an RFC 3339 string with second precision (UTC).")
                .put("format", "date-time").put("type", "string"));
        out.put(DefinitionNames.META + "MicroTime", m.createObjectNode()
                .put("description", "A point in time with microsecond precision, serialized as an RFC 3339 string.")
                .put("format", "date-time").put("type", "string"));
        ObjectNode intOrString = m.createObjectNode()
                .put("description", "A value that is either a 32-bit integer or a string, e.g. a port number or name, "
                        + "or a count or percentage.")
                .put("format", "int-or-string")
                .put("x-kubernetes-int-or-string", true);
        intOrString.putArray("oneOf").add(m.createObjectNode().put("type", "integer"))
                .add(m.createObjectNode().put("type", "string"));
        out.put(DefinitionNames.INT_OR_STRING, intOrString);
        ObjectNode quantity = m.createObjectNode()
                .put("description", "A fixed-point number with an optional SI or binary suffix, such as 100m, 1.5, "
                        + "128Mi or 1e3. Serialized as a string; numbers are accepted on input.");
        quantity.putArray("oneOf").add(m.createObjectNode().put("type", "string"))
                .add(m.createObjectNode().put("type", "number"));
        out.put(DefinitionNames.QUANTITY, quantity);
        out.put(DefinitionNames.META + "FieldsV1", m.createObjectNode()
                .put("description", "The set of fields a manager owns, in the fieldsV1 trie encoding.")
                .put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true));
        out.put(DefinitionNames.META + "Patch", m.createObjectNode()
                .put("description", "The body of a PATCH request; its format follows the request's content type.")
                .put("type", "object"));
        out.put("io.k8s.apimachinery.pkg.runtime.RawExtension", m.createObjectNode()
                .put("description", "An embedded object of any kind, kept as the JSON it was given.")
                .put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true));
        out.put(APIEXT + "JSON", m.createObjectNode()
                .put("description", "Any JSON value: boolean, number, string, list, object or null.")
                .put("x-kubernetes-preserve-unknown-fields", true));
        out.put(APIEXT + "JSONSchemaPropsOrArray", m.createObjectNode()
                .put("description", "Either one JSON schema or a list of JSON schemas.")
                .put("x-kubernetes-preserve-unknown-fields", true));
        out.put(APIEXT + "JSONSchemaPropsOrBool", m.createObjectNode()
                .put("description", "Either a JSON schema or a boolean (true allows anything, false nothing).")
                .put("x-kubernetes-preserve-unknown-fields", true));
        out.put(APIEXT + "JSONSchemaPropsOrStringArray", m.createObjectNode()
                .put("description", "Either a JSON schema or a list of property names.")
                .put("x-kubernetes-preserve-unknown-fields", true));
        out.put(APIEXT + "CustomResourceSubresourceStatus", m.createObjectNode()
                .put("description", "Enables the /status subresource of a custom resource; it has no settings.")
                .put("type", "object"));
        return out;
    }
}
