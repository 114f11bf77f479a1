package dev.tugboat.schemagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes extensions that the client models lack (list and map types, patch strategies,
 * defaults, a few precise types), read from {@code extensions.tsv} and applied to the generated
 * definitions. An entry naming an unknown definition or field fails the build, so the data
 * cannot silently rot.
 */
final class Overlay {

    /** One fact: {@code field} is "." for the definition itself. */
    record Fact(String definition, String field, String key, String value, int line) {
    }

    private final List<Fact> facts;
    private final ObjectMapper mapper;

    private Overlay(List<Fact> facts, ObjectMapper mapper) {
        this.facts = List.copyOf(facts);
        this.mapper = mapper;
    }

    static Overlay load(InputStream in, ObjectMapper mapper) throws IOException {
        List<Fact> facts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                int eq = cols.length == 3 ? cols[2].indexOf('=') : -1;
                if (eq < 0) {
                    throw new IllegalStateException("extensions.tsv line " + n + ": expected definition, field, key=value");
                }
                facts.add(new Fact(cols[0], cols[1], cols[2].substring(0, eq), cols[2].substring(eq + 1), n));
            }
        }
        return new Overlay(facts, mapper);
    }

    /** Applies every fact; throws if one names a missing definition or property. */
    void apply(Map<String, ObjectNode> definitions) {
        for (Fact f : facts) {
            ObjectNode def = definitions.get(f.definition());
            if (def == null) {
                throw new IllegalStateException("extensions.tsv line " + f.line() + ": no definition " + f.definition());
            }
            ObjectNode target = def;
            if (!f.field().equals(".")) {
                JsonNode prop = def.path("properties").get(f.field());
                if (!(prop instanceof ObjectNode p)) {
                    throw new IllegalStateException("extensions.tsv line " + f.line() + ": no field "
                            + f.definition() + "." + f.field());
                }
                target = p;
                if (p.has("$ref") && !f.key().equals("ref")) {
                    // Extensions beside a reference go on an allOf wrapper, as upstream publishes them.
                    ObjectNode ref = p.objectNode().set("$ref", p.remove("$ref"));
                    p.putArray("allOf").add(ref);
                }
            }
            applyFact(f, target);
        }
    }

    private void applyFact(Fact f, ObjectNode target) {
        switch (f.key()) {
            case "list" -> applyListType(f, target);
            case "map" -> target.put("x-kubernetes-map-type", f.value());
            case "patch" -> {
                int colon = f.value().indexOf(':');
                target.put("x-kubernetes-patch-strategy", colon < 0 ? f.value() : f.value().substring(0, colon));
                if (colon >= 0) {
                    target.put("x-kubernetes-patch-merge-key", f.value().substring(colon + 1));
                }
            }
            case "default" -> target.set("default", parse(f));
            case "ref" -> setRef(target, "#/components/schemas/" + f.value());
            default -> throw new IllegalStateException("extensions.tsv line " + f.line() + ": unknown fact " + f.key());
        }
    }

    private void applyListType(Fact f, ObjectNode target) {
        if (!"array".equals(target.path("type").asText())) {
            throw new IllegalStateException("extensions.tsv line " + f.line() + ": " + f.field() + " is not a list");
        }
        String v = f.value();
        if (v.startsWith("map:")) {
            target.put("x-kubernetes-list-type", "map");
            ArrayNode keys = target.putArray("x-kubernetes-list-map-keys");
            for (String k : v.substring(4).split(",")) {
                keys.add(k);
            }
        } else {
            target.put("x-kubernetes-list-type", v);
        }
    }

    /**
     * Points the innermost value schema (a list's items or a map's values, recursively; else the
     * property itself, keeping its description) at a definition.
     */
    private static void setRef(ObjectNode schema, String ref) {
        for (String nested : List.of("items", "additionalProperties")) {
            if (schema.get(nested) instanceof ObjectNode inner) {
                if (inner.has("items") || inner.has("additionalProperties")) {
                    setRef(inner, ref);
                } else {
                    inner.removeAll().put("$ref", ref);
                }
                return;
            }
        }
        schema.remove(List.of("type", "format", "$ref", "allOf", "x-kubernetes-preserve-unknown-fields",
                SchemaGenerator.UNTYPED_MARK));
        schema.putArray("allOf").addObject().put("$ref", ref);
    }

    private JsonNode parse(Fact f) {
        try {
            return mapper.readTree(f.value());
        } catch (IOException e) {
            throw new IllegalStateException("extensions.tsv line " + f.line() + ": bad JSON " + f.value(), e);
        }
    }
}
