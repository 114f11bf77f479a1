package dev.tugboat.kubelet.pod;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Docker-links style variables the kubelet gives every container for the Services of its
 * namespace (and the {@code kubernetes} Service of {@code default}), as upstream's
 * getServiceEnvVarMap: {@code NGINX_SERVICE_HOST}, {@code NGINX_SERVICE_PORT},
 * {@code NGINX_SERVICE_PORT_HTTP}, {@code NGINX_PORT=tcp://10.96.0.12:80},
 * {@code NGINX_PORT_80_TCP}, {@code …_PROTO}, {@code …_PORT}, {@code …_ADDR}. Headless Services
 * and Services without a cluster IP give none. Pure.
 */
public final class ServiceEnv {

    private ServiceEnv() {
    }

    /** @param services the Services of the pod's namespace plus {@code default/kubernetes} */
    public static Map<String, String> of(String namespace, Iterable<? extends JsonNode> services) {
        Map<String, JsonNode> chosen = new LinkedHashMap<>();
        for (JsonNode s : services) {
            String ip = s.path("spec").path("clusterIP").asText("");
            if (ip.isEmpty() || ip.equals("None")) {
                continue;
            }
            String ns = Meta.namespace(s);
            String name = Meta.name(s);
            // The pod's own namespace wins over the master service of default.
            if (ns.equals(namespace) || ns.equals("default") && name.equals("kubernetes") && !chosen.containsKey(name)) {
                chosen.put(name, s);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        chosen.values().stream().sorted(java.util.Comparator.comparing(Meta::name)).forEach(s -> add(env, s));
        return env;
    }

    private static void add(Map<String, String> env, JsonNode svc) {
        String prefix = Meta.name(svc).toUpperCase(Locale.ROOT).replace('-', '_');
        String ip = svc.path("spec").path("clusterIP").asText();
        JsonNode ports = svc.path("spec").path("ports");
        if (ports.isEmpty()) {
            return;
        }
        env.put(prefix + "_SERVICE_HOST", ip);
        env.put(prefix + "_SERVICE_PORT", ports.get(0).path("port").asText());
        for (JsonNode p : ports) {
            String portName = p.path("name").asText("");
            if (!portName.isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_'),
                        p.path("port").asText());
            }
        }
        JsonNode first = ports.get(0);
        String firstProto = first.path("protocol").asText("TCP").toLowerCase(Locale.ROOT);
        env.put(prefix + "_PORT", firstProto + "://" + ip + ":" + first.path("port").asText());
        for (JsonNode p : ports) {
            String proto = p.path("protocol").asText("TCP");
            String port = p.path("port").asText();
            String base = prefix + "_PORT_" + port + "_" + proto.toUpperCase(Locale.ROOT);
            env.put(base, proto.toLowerCase(Locale.ROOT) + "://" + ip + ":" + port);
            env.put(base + "_PROTO", proto.toLowerCase(Locale.ROOT));
            env.put(base + "_PORT", port);
            env.put(base + "_ADDR", ip);
        }
    }
}
