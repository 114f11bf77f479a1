package dev.tugboat.kubelet.pod;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it (upstream's makeEnvironmentVariables): the
 * Service variables of the pod's namespace first, then {@code envFrom} sources in order (keys that are
 * not valid variable names are skipped), then {@code env} entries in order, each value expanded with
 * {@code $(VAR)} against what is defined so far. Values come from ConfigMaps and Secrets, the pod's
 * own fields ({@code fieldRef}) and its container resources ({@code resourceFieldRef}, defaulting to
 * the node's allocatable when no limit is set).
 */
public final class EnvResolver {

    /** Reads ConfigMaps and Secrets of the pod's namespace. */
    public interface Objects {
        Optional<JsonNode> configMap(String namespace, String name);

        Optional<JsonNode> secret(String namespace, String name);
    }

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final Objects objects;

    public EnvResolver(Objects objects) {
        this.objects = objects;
    }

    /** Where ConfigMaps and Secrets are read from. */
    public Objects objects() {
        return objects;
    }

    /**
     * @param serviceEnv  the Service variables for the pod (empty when enableServiceLinks is false)
     * @param allocatable the node's allocatable, for resourceFieldRef without a limit
     */
    public Map<String, String> resolve(JsonNode pod, JsonNode container, Map<String, String> serviceEnv,
                                       JsonNode allocatable) throws ContainerConfigError {
        String ns = Meta.namespace(pod);
        Map<String, String> env = new LinkedHashMap<>(serviceEnv);
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            Map<String, String> data;
            if (from.has("configMapRef")) {
                data = source("configmap", ns, from.path("configMapRef"), objects.configMap(ns, from.at("/configMapRef/name").asText()), false);
            } else if (from.has("secretRef")) {
                data = source("secret", ns, from.path("secretRef"), objects.secret(ns, from.at("/secretRef/name").asText()), true);
            } else {
                continue;
            }
            data.forEach((k, v) -> {
                String name = prefix + k;
                if (ENV_NAME.matcher(name).matches()) {
                    env.put(name, v);
                }
            });
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                Map<String, String> defined = env;
                env.put(name, Expansion.expand(e.path("value").asText(), defined::get));
            } else if (e.has("valueFrom")) {
                Optional<String> v = valueFrom(pod, container, ns, e.path("valueFrom"), allocatable);
                v.ifPresent(s -> env.put(name, s));
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    private Map<String, String> source(String kind, String ns, JsonNode ref, Optional<JsonNode> obj, boolean base64)
            throws ContainerConfigError {
        boolean optional = ref.path("optional").asBoolean(false);
        if (obj.isEmpty()) {
            if (optional) {
                return Map.of();
            }
            throw new ContainerConfigError(kind + " \"" + ref.path("name").asText() + "\" not found");
        }
        Map<String, String> out = new LinkedHashMap<>();
        obj.get().path("data").properties().forEach(d -> out.put(d.getKey(), base64 ? decode(d.getValue().asText())
                : d.getValue().asText()));
        if (!base64) {
            obj.get().path("binaryData").properties().forEach(d -> out.putIfAbsent(d.getKey(), decode(d.getValue().asText())));
        }
        return out;
    }

    private Optional<String> valueFrom(JsonNode pod, JsonNode container, String ns, JsonNode from, JsonNode allocatable)
            throws ContainerConfigError {
        if (from.has("configMapKeyRef")) {
            return keyRef("ConfigMap", ns, from.path("configMapKeyRef"),
                    objects.configMap(ns, from.at("/configMapKeyRef/name").asText()), false);
        }
        if (from.has("secretKeyRef")) {
            return keyRef("Secret", ns, from.path("secretKeyRef"),
                    objects.secret(ns, from.at("/secretKeyRef/name").asText()), true);
        }
        if (from.has("fieldRef")) {
            return Optional.of(fieldRef(pod, from.at("/fieldRef/fieldPath").asText()));
        }
        if (from.has("resourceFieldRef")) {
            return Optional.of(resourceFieldRef(pod, container, from.path("resourceFieldRef"), allocatable));
        }
        return Optional.empty();
    }

    private Optional<String> keyRef(String kind, String ns, JsonNode ref, Optional<JsonNode> obj, boolean base64)
            throws ContainerConfigError {
        boolean optional = ref.path("optional").asBoolean(false);
        String name = ref.path("name").asText();
        String key = ref.path("key").asText();
        if (obj.isEmpty()) {
            if (optional) {
                return Optional.empty();
            }
            throw new ContainerConfigError(kind.toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\" not found");
        }
        JsonNode v = obj.get().path("data").get(key);
        if (v == null && !base64) {
            JsonNode b = obj.get().path("binaryData").get(key);
            if (b != null) {
                return Optional.of(decode(b.asText()));
            }
        }
        if (v == null) {
            if (optional) {
                return Optional.empty();
            }
            throw new ContainerConfigError("couldn't find key " + key + " in " + kind + " " + ns + "/" + name);
        }
        return Optional.of(base64 ? decode(v.asText()) : v.asText());
    }

    /** The value of a downward-API field path; shared with downwardAPI volumes. */
    public static String fieldRef(JsonNode pod, String path) {
        switch (path) {
            case "metadata.name" -> {
                return Meta.name(pod);
            }
            case "metadata.namespace" -> {
                return Meta.namespace(pod);
            }
            case "metadata.uid" -> {
                return Meta.uid(pod);
            }
            case "spec.nodeName" -> {
                return pod.at("/spec/nodeName").asText("");
            }
            case "spec.serviceAccountName" -> {
                return pod.at("/spec/serviceAccountName").asText("");
            }
            case "status.hostIP" -> {
                return pod.at("/status/hostIP").asText("");
            }
            case "status.podIP" -> {
                return pod.at("/status/podIP").asText("");
            }
            case "status.hostIPs" -> {
                return ips(pod.at("/status/hostIPs"));
            }
            case "status.podIPs" -> {
                return ips(pod.at("/status/podIPs"));
            }
            default -> {
                for (String map : new String[] {"labels", "annotations"}) {
                    String prefix = "metadata." + map + "['";
                    if (path.startsWith(prefix) && path.endsWith("']")) {
                        return pod.path("metadata").path(map).path(path.substring(prefix.length(), path.length() - 2))
                                .asText("");
                    }
                }
                return "";
            }
        }
    }

    private static String ips(JsonNode list) {
        StringBuilder b = new StringBuilder();
        for (JsonNode ip : list) {
            b.append(b.isEmpty() ? "" : ",").append(ip.path("ip").asText());
        }
        return b.toString();
    }

    /**
     * A container resource in units of the divisor, rounded up (upstream's ExtractContainerResourceValue);
     * a limit that is not set reads as the node's allocatable. Shared with downwardAPI volumes.
     */
    public static String resourceFieldRef(JsonNode pod, JsonNode container, JsonNode ref, JsonNode allocatable) {
        JsonNode target = container;
        String named = ref.path("containerName").asText("");
        if (!named.isEmpty()) {
            for (JsonNode c : pod.at("/spec/containers")) {
                if (named.equals(c.path("name").asText())) {
                    target = c;
                }
            }
        }
        String resource = ref.path("resource").asText();
        int dot = resource.indexOf('.');
        String kind = resource.substring(0, Math.max(dot, 0));
        String name = resource.substring(dot + 1);
        JsonNode value = target.path("resources").path(kind).get(name);
        if (value == null && (kind.equals("limits") || name.equals("cpu") || name.equals("memory"))) {
            value = kind.equals("limits") ? allocatable.get(name) : null;
        }
        Quantity q = value == null ? Quantity.ZERO : Quantity.parse(value);
        Quantity divisor = ref.has("divisor") ? Quantity.parse(ref.path("divisor")) : Quantity.of(1, Quantity.Format.DECIMAL_SI);
        if (divisor.isZero()) {
            divisor = Quantity.of(1, Quantity.Format.DECIMAL_SI);
        }
        BigDecimal units = q.decimal().divide(divisor.decimal(), 0, RoundingMode.CEILING);
        return units.toPlainString();
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
