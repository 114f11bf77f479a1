package dev.tugboat.apiserver;

import dev.tugboat.api.fields.SelectableFields;
import dev.tugboat.apiserver.admission.AdmissionChain;
import dev.tugboat.apiserver.apiextensions.CustomResourceManager;
import dev.tugboat.apiserver.registry.ResourceKeys;
import dev.tugboat.apiserver.wiring.SelectorFilter;
import dev.tugboat.apiserver.allocation.Ipv4Range;
import dev.tugboat.apiserver.allocation.RangeAllocator;
import dev.tugboat.apiserver.registry.core.EventExpiry;
import dev.tugboat.apiserver.registry.core.ServiceAllocations;
import dev.tugboat.apiserver.auth.Authorizer;
import dev.tugboat.apiserver.bootstrap.Bootstrap;
import dev.tugboat.apiserver.discovery.Discovery;
import dev.tugboat.apiserver.endpoints.ApiHandler;
import dev.tugboat.apiserver.endpoints.BodyDecoder;
import dev.tugboat.apiserver.endpoints.ResourceHandler;
import dev.tugboat.apiserver.endpoints.SubresourceHandler;
import dev.tugboat.apiserver.endpoints.VirtualResources;
import dev.tugboat.apiserver.endpoints.WatchHandler;
import dev.tugboat.apiserver.http.HttpServer;
import dev.tugboat.apiserver.metrics.MetricsApi;
import dev.tugboat.apiserver.metrics.ResourceMetricsCollector;
import dev.tugboat.apiserver.protobuf.ProtobufDecoder;
import dev.tugboat.apiserver.registry.BuiltinRegistrations;
import dev.tugboat.apiserver.registry.BuiltinResources;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ResourceRegistration;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CacheSet;
import dev.tugboat.apiserver.watchcache.ResourceCache;
import dev.tugboat.store.Compactor;
import dev.tugboat.store.Store;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server: wires the store, the watch caches, the registry of resources and the HTTP pipeline,
 * bootstraps the default namespaces and the {@code kubernetes} Service, and reports ready once that is
 * done. The store is owned by the caller.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiServerConfig config;
    private final Store store;
    private final Components components;
    private final Clock clock;
    private final ResourceRegistry registry = new ResourceRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile Discovery discovery;
    private volatile boolean ready;
    private CacheSet caches;
    private HttpServer http;
    private InetSocketAddress address;

    private ApiServer(ApiServerConfig config, Store store, Components components, Clock clock) {
        this.config = config;
        this.store = store;
        this.components = components;
        this.clock = clock;
    }

    /** Starts a server and returns once it is ready. */
    public static ApiServer start(ApiServerConfig config, Store store, Components components) throws Exception {
        ApiServer s = new ApiServer(config, store, components, Clock.systemUTC());
        try {
            s.run();
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        // 1. Watch caches: every object, loaded from the store and kept current.
        caches = new CacheSet(store, clock);
        caches.start();
        closeables.add(caches);
        // 2. Resources.
        AdmissionChain admission = new AdmissionChain(components.admissionPlugins(registry));
        ServiceAllocations serviceAllocations = serviceAllocations();
        java.util.function.Function<ResourceRegistration, GenericStore> storeFactory =
                r -> new GenericStore(store, caches, r, admission, components.ownership(), clock);
        CustomResourceManager customResources = new CustomResourceManager(registry, storeFactory,
                components.schemas(), components.customResourceRules(),
                caches.cache(ResourceKeys.prefix("apiextensions.k8s.io", "customresourcedefinitions")), clock);
        closeables.add(customResources);
        List<ResourceRegistration> regs = BuiltinRegistrations.build(BuiltinResources.all(), components.registrations(),
                Map.of("Service", serviceAllocations, "CustomResourceDefinition", customResources));
        List<GenericStore> stores = regs.stream().map(storeFactory).toList();
        registry.onChange(r -> {
            discovery = new Discovery(r.resources());
            components.onResourcesChanged(r.resources());
        });
        for (var r : BuiltinResources.all()) {
            if (BuiltinResources.isVirtual(r)) {
                registry.registerVirtual(r);
            } else {
                stores.stream().filter(s -> s.registration().resource().equals(r)).findFirst()
                        .ifPresent(s -> registry.register(List.of(s)));
            }
        }
        // 3. HTTP pipeline.
        BodyDecoder decoder = new BodyDecoder(new ProtobufDecoder(definition -> requiredFields(definition)));
        SubresourceHandler subresources = new SubresourceHandler(decoder, components.patcher(), clock);
        customResources.start();
        SelectorFilter filters = new SelectorFilter(k -> customResources.selectableFields(k)
                .orElseGet(() -> SelectableFields.forKind(k.group(), k.kind())));
        ResourceHandler resources = new ResourceHandler(new ResourceHandler.Deps(decoder, components.schemaCheck(),
                filters, components.patcher(), new WatchHandler(clock),
                subresources, clock));
        subresources.bind(resources, registry);
        Optional<MetricsApi> metrics = resourceMetrics();
        VirtualResources virtuals = new VirtualResources(decoder, Authorizer.ALWAYS_ALLOW, registry, subresources,
                metrics);
        ApiHandler api = new ApiHandler(new ApiHandler.Deps(registry, () -> discovery, resources, virtuals,
                components.openApi(), Authorizer.ALWAYS_ALLOW, VersionInfo.json(), () -> ready && !caches.failed(),
                () -> !caches.failed(), () -> address.getHostString() + ":" + address.getPort()));
        http = new HttpServer(api);
        address = http.start(config.bindAddress(), config.port());
        closeables.add(http);
        // 4. Repair allocations from what is stored, bootstrap objects, then ready.
        repairServiceAllocations(serviceAllocations);
        new Bootstrap(registry, components.kubernetesServiceIp(config), address.getPort()).run();
        EventExpiry eventExpiry = new EventExpiry(registry.store("", "v1", "events").orElseThrow(),
                Duration.ofHours(1), clock);
        eventExpiry.start(Duration.ofMinutes(1));
        closeables.add(eventExpiry);
        Compactor compactor = new Compactor(store, config.compactionInterval());
        compactor.start();
        closeables.add(compactor);
        ready = true;
        LOG.info("API server ready on http://{}:{} in {} ms", address.getHostString(), address.getPort(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The metrics.k8s.io API and the scraper behind it (this server's metrics-server), when a metric
     * resolution is configured: its resources join discovery, as an installed metrics-server's would.
     */
    private Optional<MetricsApi> resourceMetrics() {
        if (config.metricResolution().isZero()) {
            return Optional.empty();
        }
        ResourceMetricsCollector collector = new ResourceMetricsCollector(registry, config.metricResolution(), clock);
        closeables.add(collector);
        MetricsApi.RESOURCES.forEach(registry::registerVirtual);
        collector.start();
        return Optional.of(new MetricsApi(registry, collector.storage(), clock));
    }

    /** The required fields of a built-in definition (its zero values are written to JSON by Go). */
    private java.util.Set<String> requiredFields(String definition) {
        return components.schemas().builtins().definitionJson(definition)
                .map(d -> {
                    java.util.Set<String> out = new java.util.HashSet<>();
                    d.path("required").forEach(r -> out.add(r.asText()));
                    return out;
                }).orElse(java.util.Set.of());
    }

    private ServiceAllocations serviceAllocations() {
        Ipv4Range ipRange = Ipv4Range.parse(config.serviceCidr());
        String[] ports = config.nodePortRange().split("-");
        int base = Integer.parseInt(ports[0].trim());
        int max = Integer.parseInt(ports[1].trim());
        return new ServiceAllocations(ipRange,
                new RangeAllocator(store, "/registry/internal/ranges/serviceips", config.serviceCidr(), ipRange.size()),
                base, max, new RangeAllocator(store, "/registry/internal/ranges/servicenodeports",
                config.nodePortRange(), max - base + 1));
    }

    private void repairServiceAllocations(ServiceAllocations allocations) {
        GenericStore services = registry.store("", "v1", "services").orElseThrow();
        List<com.fasterxml.jackson.databind.JsonNode> all = new ArrayList<>();
        services.list("", ResourceCache.ALL, new dev.tugboat.apiserver.registry.ListOptions(0, "", "", ""))
                .items().forEach(o -> all.add(o.object()));
        allocations.repair(all);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public boolean isReady() {
        return ready;
    }

    @Override
    public void close() {
        ready = false;
        List<AutoCloseable> reversed = new ArrayList<>(closeables);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", c, e);
            }
        }
    }
}
