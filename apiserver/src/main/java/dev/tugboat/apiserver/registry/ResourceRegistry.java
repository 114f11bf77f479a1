package dev.tugboat.apiserver.registry;

import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.resource.ApiResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The resources this server serves: the built-ins plus those of established CRDs. Readers see an
 * immutable snapshot; changes (CRDs appearing and going) replace it atomically and notify listeners
 * (discovery and OpenAPI rebuild their documents).
 */
public final class ResourceRegistry {

    /** One served resource: stored ones have a store; virtual ones (reviews, bindings) have none. */
    public record Served(ApiResource resource, GenericStore store) {
        public boolean isVirtual() {
            return store == null;
        }
    }

    private volatile Map<GroupVersionResource, Served> served = Map.of();
    private final List<Consumer<ResourceRegistry>> listeners = new CopyOnWriteArrayList<>();

    /** Adds stored resources (replacing any with the same group/version/resource). */
    public synchronized void register(List<GenericStore> stores) {
        Map<GroupVersionResource, Served> next = new LinkedHashMap<>(served);
        for (GenericStore s : stores) {
            next.put(s.registration().resource().gvr(), new Served(s.registration().resource(), s));
        }
        replace(next);
    }

    /** Adds a resource that is served by a handler rather than stored. */
    public synchronized void registerVirtual(ApiResource resource) {
        Map<GroupVersionResource, Served> next = new LinkedHashMap<>(served);
        next.put(resource.gvr(), new Served(resource, null));
        replace(next);
    }

    /** Removes resources. */
    public synchronized void unregister(List<GroupVersionResource> gvrs) {
        Map<GroupVersionResource, Served> next = new LinkedHashMap<>(served);
        gvrs.forEach(next::remove);
        replace(next);
    }

    private void replace(Map<GroupVersionResource, Served> next) {
        served = Collections.unmodifiableMap(next);
        listeners.forEach(l -> l.accept(this));
    }

    /** Called after every change, on the changing thread. */
    public void onChange(Consumer<ResourceRegistry> listener) {
        listeners.add(listener);
    }

    public Optional<Served> find(String group, String version, String resource) {
        return Optional.ofNullable(served.get(new GroupVersionResource(group, version, resource)));
    }

    /** The store of a stored resource. */
    public Optional<GenericStore> store(String group, String version, String resource) {
        return find(group, version, resource).map(Served::store);
    }

    /** Every served resource, in registration order. */
    public List<ApiResource> resources() {
        List<ApiResource> out = new ArrayList<>();
        for (Served s : served.values()) {
            out.add(s.resource());
        }
        return out;
    }

    public List<GenericStore> stores() {
        List<GenericStore> out = new ArrayList<>();
        for (Served s : served.values()) {
            if (s.store() != null) {
                out.add(s.store());
            }
        }
        return out;
    }
}
