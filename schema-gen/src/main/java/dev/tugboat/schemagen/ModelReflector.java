package dev.tugboat.schemagen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one client model class into an OpenAPI v3 component schema: JSON names from
 * {@code @SerializedName}, descriptions and required flags from {@code @ApiModel}/{@code @ApiModelProperty},
 * structure from the Java field types. References use upstream definition names.
 */
final class ModelReflector {

    static final String MODELS_PACKAGE = "io.kubernetes.client.openapi.models";
    private static final String REF_PREFIX = "#/components/schemas/";

    private final ObjectMapper mapper;
    private final Function<Class<?>, String> names;

    ModelReflector(ObjectMapper mapper, Function<Class<?>, String> names) {
        this.mapper = mapper;
        this.names = names;
    }

    static boolean isModel(Class<?> c) {
        return c.getPackageName().equals(MODELS_PACKAGE) && !c.isEnum() && !c.isInterface()
                && !Modifier.isAbstract(c.getModifiers());
    }

    /** The declared JSON fields of a model class, in declaration order. */
    static List<Field> jsonFields(Class<?> model) {
        List<Field> out = new ArrayList<>();
        for (Field f : model.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(SerializedName.class)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Model classes a field type refers to (list items, map values, the type itself). */
    static Set<Class<?>> referencedModels(Type t) {
        Set<Class<?>> out = new LinkedHashSet<>();
        collect(t, out);
        return out;
    }

    private static void collect(Type t, Set<Class<?>> out) {
        if (t instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, out);
            }
        } else if (t instanceof Class<?> c && isModel(c)) {
            out.add(c);
        }
    }

    ObjectNode definition(Class<?> model) {
        ObjectNode def = mapper.createObjectNode();
        ApiModel am = model.getAnnotation(ApiModel.class);
        if (am != null && !am.description().isEmpty()) {
            def.put("description", am.description());
        }
        ObjectNode props = def.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (Field f : jsonFields(model)) {
            String json = f.getAnnotation(SerializedName.class).value();
            ApiModelProperty ap = getter(model, f).map(m -> m.getAnnotation(ApiModelProperty.class)).orElse(null);
            ObjectNode schema = typeSchema(f.getGenericType());
            String description = ap == null ? "" : ap.value();
            if (!description.isEmpty()) {
                if (schema.has("$ref")) {
                    ObjectNode wrapped = mapper.createObjectNode();
                    wrapped.putArray("allOf").add(schema);
                    schema = wrapped;
                }
                schema.put("description", description);
            }
            props.set(json, schema);
            if (ap != null && ap.required()) {
                required.add(json);
            }
        }
        if (!required.isEmpty()) {
            def.set("required", required);
        }
        def.put("type", "object");
        return def;
    }

    private static Optional<Method> getter(Class<?> model, Field f) {
        String want = normalize(f.getName());
        for (Method m : model.getMethods()) {
            String n = m.getName();
            if (m.getParameterCount() == 0 && (n.startsWith("get") || n.startsWith("is"))
                    && normalize(n.substring(n.startsWith("get") ? 3 : 2)).equals(want)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static String normalize(String name) {
        return name.replace("_", "").replace("$", "").toLowerCase(Locale.ROOT);
    }

    ObjectNode typeSchema(Type t) {
        ObjectNode s = mapper.createObjectNode();
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", typeSchema(args[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.set("additionalProperties", typeSchema(args[1]));
                return s;
            }
            throw new IllegalStateException("unsupported generic type " + t);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class || c.isEnum()) {
            s.put("type", "string");
        } else if (c == Integer.class) {
            s.put("type", "integer").put("format", "int32");
        } else if (c == Long.class) {
            s.put("type", "integer").put("format", "int64");
        } else if (c == Double.class || c == BigDecimal.class) {
            s.put("type", "number").put("format", "double");
        } else if (c == Float.class) {
            s.put("type", "number").put("format", "float");
        } else if (c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c == byte[].class) {
            s.put("type", "string").put("format", "byte");
        } else if (c == OffsetDateTime.class) {
            s.put("$ref", REF_PREFIX + DefinitionNames.TIME);
        } else if (c == IntOrString.class) {
            s.put("$ref", REF_PREFIX + DefinitionNames.INT_OR_STRING);
        } else if (c == Quantity.class) {
            s.put("$ref", REF_PREFIX + DefinitionNames.QUANTITY);
        } else if (c == Object.class) {
            // RawExtension, JSON, FieldsV1, …: the overlay must say which (checked after it ran).
            s.put(SchemaGenerator.UNTYPED_MARK, true);
        } else if (isModel(c)) {
            s.put("$ref", REF_PREFIX + names.apply(c));
        } else {
            throw new IllegalStateException("unsupported field type " + c.getName());
        }
        return s;
    }
}
