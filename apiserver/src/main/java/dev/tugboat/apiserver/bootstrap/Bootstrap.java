package dev.tugboat.apiserver.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.registry.WriteOptions;
import java.util.List;

/**
 * What every cluster has once the API server is ready: the namespaces default, kube-system,
 * kube-public and kube-node-lease, and the {@code kubernetes} Service at the first address of the
 * service range. Idempotent: existing objects are left alone.
 */
public final class Bootstrap {

    public static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final WriteOptions SYSTEM = new WriteOptions(false, "kube-apiserver", "v1",
            new UserInfo("system:apiserver", "", List.of("system:masters")));

    private final ResourceRegistry registry;
    private final String kubernetesServiceIp;
    private final int apiPort;

    public Bootstrap(ResourceRegistry registry, String kubernetesServiceIp, int apiPort) {
        this.registry = registry;
        this.kubernetesServiceIp = kubernetesServiceIp;
        this.apiPort = apiPort;
    }

    public void run() {
        GenericStore namespaces = registry.store("", "v1", "namespaces").orElseThrow();
        for (String name : NAMESPACES) {
            ObjectNode ns = Json.object();
            ns.putObject("metadata").put("name", name);
            createIfMissing(namespaces, "", ns);
        }
        GenericStore services = registry.store("", "v1", "services").orElseThrow();
        createIfMissing(services, "default", kubernetesService());
    }

    private ObjectNode kubernetesService() {
        ObjectNode svc = Json.object();
        ObjectNode meta = svc.putObject("metadata");
        meta.put("name", "kubernetes");
        meta.put("namespace", "default");
        ObjectNode labels = meta.putObject("labels");
        labels.put("component", "apiserver");
        labels.put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", kubernetesServiceIp);
        spec.put("sessionAffinity", "None");
        ObjectNode port = spec.putArray("ports").addObject();
        port.put("name", "https");
        port.put("protocol", "TCP");
        port.put("port", 443);
        port.put("targetPort", apiPort);
        return svc;
    }

    private static void createIfMissing(GenericStore store, String namespace, ObjectNode obj) {
        // Look first: on a restart, creating the existing kubernetes Service fails in address
        // allocation (its address is taken, by itself) before the store could say AlreadyExists.
        try {
            store.getCached(namespace, Meta.name(obj), "");
            return;
        } catch (ApiException.NotFound missing) {
            // Not bootstrapped yet: create it.
        }
        try {
            store.create(namespace, obj, SYSTEM);
        } catch (ApiException.AlreadyExists e) {
            // Created concurrently: keep what is there.
        }
    }
}
