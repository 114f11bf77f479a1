package dev.tugboat.schemagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Build-time generator of the built-in kinds' OpenAPI v3 component schemas.
 *
 * <p>Usage: {@code SchemaGenerator <output.json.gz>}. Writes {@code {"definitions": {name: schema}}}
 * with keys sorted, so the output is byte-for-byte deterministic.
 *
 * <ol>
 *   <li>Find the served kinds: the item types of every list operation of each served API class,
 *       plus the kinds without lists (reviews, subresource bodies) and the meta/v1 kinds.</li>
 *   <li>Walk the model classes each kind reaches, noting which groups reach which class (for naming).</li>
 *   <li>Reflect every reached class into a schema, add the special definitions, apply the overlay.</li>
 *   <li>Mark top-level kinds with {@code x-kubernetes-group-version-kind} and write the result.</li>
 * </ol>
 */
public final class SchemaGenerator {

    /** Marks an untyped Java {@code Object} field until the overlay says what it is. */
    static final String UNTYPED_MARK = "x-tugboat-untyped";

    private static final String APIS_PACKAGE = "io.kubernetes.client.openapi.apis.";

    private final ObjectMapper mapper = new ObjectMapper();
    /** kind class → its GVKs, in discovery order. */
    private final Map<Class<?>, List<Gvk>> kinds = new LinkedHashMap<>();

    record Gvk(String group, String version, String kind) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SchemaGenerator <output.json.gz>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        ObjectNode doc = new SchemaGenerator().generate();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out))) {
            os.write(new ObjectMapper().writeValueAsBytes(doc));
        }
    }

    /** Runs all steps and returns {@code {"definitions": …}} with sorted keys. */
    public ObjectNode generate() throws ReflectiveOperationException, IOException {
        // 1. Served kinds.
        for (ServedApis.Served s : ServedApis.ALL) {
            addListedKinds(s);
        }
        ServedApis.UNLISTED_KINDS.forEach((cls, gv) -> {
            int slash = gv.indexOf('/');
            addKind(model(cls), gv.substring(0, slash), gv.substring(slash + 1));
        });
        for (String cls : ServedApis.CORE_META_KINDS) {
            addKind(model(cls), "", "v1");
        }
        for (String cls : ServedApis.EVERY_GROUP_META_KINDS) {
            addKind(model(cls), "", "v1");
            for (ServedApis.Served s : ServedApis.ALL) {
                if (!s.group().isEmpty()) {
                    addKind(model(cls), s.group(), s.version());
                }
            }
        }
        // 2. Reachability and names.
        Map<Class<?>, Set<String>> reaching = new HashMap<>();
        for (Map.Entry<Class<?>, List<Gvk>> k : kinds.entrySet()) {
            reach(k.getKey(), k.getValue().getFirst().group(), reaching);
        }
        Map<Class<?>, String> kindGroups = new HashMap<>();
        kinds.forEach((c, gvks) -> kindGroups.put(c, gvks.getFirst().group()));
        DefinitionNames names = new DefinitionNames(kindGroups, reaching);
        // 3. Definitions.
        ModelReflector reflector = new ModelReflector(mapper, names::of);
        Map<String, ObjectNode> defs = new TreeMap<>();
        for (Class<?> c : reaching.keySet()) {
            String name = names.of(c);
            if (defs.put(name, reflector.definition(c)) != null) {
                throw new IllegalStateException("two classes map to " + name);
            }
        }
        defs.putAll(SpecialDefinitions.all(mapper));
        try (InputStream in = SchemaGenerator.class.getResourceAsStream("extensions.tsv")) {
            Overlay.load(in, mapper).apply(defs);
        }
        checkNoUntyped(defs);
        checkRefsResolve(defs);
        describeReferences(defs);
        // 4. Kinds.
        kinds.forEach((c, gvks) -> {
            ArrayNode list = defs.get(names.of(c)).putArray("x-kubernetes-group-version-kind");
            gvks.stream().sorted(Comparator.comparing(Gvk::group).thenComparing(Gvk::version))
                    .forEach(g -> list.addObject().put("group", g.group()).put("kind", g.kind()).put("version", g.version()));
        });
        ObjectNode root = mapper.createObjectNode();
        ObjectNode out = root.putObject("definitions");
        defs.forEach((name, def) -> out.set(name, sorted(def)));
        return root;
    }

    private void addListedKinds(ServedApis.Served s) throws ReflectiveOperationException {
        Class<?> api = Class.forName(APIS_PACKAGE + s.apiClass());
        List<Class<?>> requests = new ArrayList<>(List.of(api.getDeclaredClasses()));
        requests.sort(Comparator.comparing(Class::getName));
        for (Class<?> req : requests) {
            if (!req.getSimpleName().startsWith("APIlist")) {
                continue;
            }
            Class<?> list = req.getMethod("execute").getReturnType();
            if (!ModelReflector.isModel(list) || !list.getSimpleName().endsWith("List")) {
                continue;
            }
            Field items = list.getDeclaredField("items");
            Class<?> item = (Class<?>) ((ParameterizedType) items.getGenericType()).getActualTypeArguments()[0];
            addKind(item, s.group(), s.version());
            addKind(list, s.group(), s.version());
        }
    }

    private void addKind(Class<?> c, String group, String version) {
        Gvk gvk = new Gvk(group, version, DefinitionNames.parse(c).type());
        List<Gvk> list = kinds.computeIfAbsent(c, k -> new ArrayList<>());
        if (!list.contains(gvk)) {
            list.add(gvk);
        }
    }

    private static Class<?> model(String simpleName) {
        try {
            return Class.forName(ModelReflector.MODELS_PACKAGE + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no model class " + simpleName, e);
        }
    }

    private static void reach(Class<?> root, String group, Map<Class<?>, Set<String>> reaching) {
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(root));
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            reaching.computeIfAbsent(c, k -> new TreeSet<>()).add(group);
            for (Field f : ModelReflector.jsonFields(c)) {
                todo.addAll(ModelReflector.referencedModels(f.getGenericType()));
            }
        }
    }

    /**
     * The client models drop the descriptions of fields whose type is another definition; such a
     * field gets its type's description instead (what {@code kubectl explain} shows for it).
     */
    private static void describeReferences(Map<String, ObjectNode> defs) {
        for (ObjectNode def : defs.values()) {
            if (!(def.get("properties") instanceof ObjectNode props)) {
                continue;
            }
            for (Map.Entry<String, JsonNode> e : props.properties()) {
                ObjectNode p = (ObjectNode) e.getValue();
                String ref = p.has("$ref") ? p.get("$ref").asText() : p.path("allOf").path(0).path("$ref").asText(null);
                if (ref == null || p.has("description")) {
                    continue;
                }
                String description = defs.get(ref.substring(ref.lastIndexOf('/') + 1)).path("description").asText("");
                if (description.isEmpty()) {
                    continue;
                }
                if (p.has("$ref")) {
                    p.putArray("allOf").addObject().put("$ref", p.remove("$ref").asText());
                }
                p.put("description", description);
            }
        }
    }

    private static void checkNoUntyped(Map<String, ObjectNode> defs) {
        List<String> left = new ArrayList<>();
        defs.forEach((name, def) -> def.path("properties").properties().forEach(p -> {
            if (p.getValue().toString().contains(UNTYPED_MARK)) {
                left.add(name + "." + p.getKey());
            }
        }));
        if (!left.isEmpty()) {
            throw new IllegalStateException("untyped fields need a ref= fact in extensions.tsv: " + left);
        }
    }

    private static void checkRefsResolve(Map<String, ObjectNode> defs) {
        Set<String> missing = new TreeSet<>();
        defs.values().forEach(d -> collectRefs(d, missing));
        missing.removeAll(defs.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("unresolved references: " + missing);
        }
    }

    private static void collectRefs(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            JsonNode ref = n.get("$ref");
            if (ref != null && ref.isTextual()) {
                out.add(ref.asText().substring(ref.asText().lastIndexOf('/') + 1));
            }
        }
        n.forEach(child -> collectRefs(child, out));
    }

    /** A copy of the node with object keys sorted recursively (arrays keep their order). */
    private JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = mapper.createObjectNode();
            new TreeMap<>(toMap((ObjectNode) n)).forEach((k, v) -> o.set(k, sorted(v)));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = mapper.createArrayNode();
            n.forEach(v -> a.add(sorted(v)));
            return a;
        }
        return n;
    }

    private static Map<String, JsonNode> toMap(ObjectNode o) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
