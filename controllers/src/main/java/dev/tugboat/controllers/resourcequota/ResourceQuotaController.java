package dev.tugboat.controllers.resourcequota;

import dev.tugboat.api.quota.QuotaUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.StatusException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Upstream's resource quota controller (pkg/controller/resourcequota): recounts what each
 * ResourceQuota's namespace uses of the resources it limits and writes {@code status.hard} (a copy of
 * {@code spec.hard}) and {@code status.used}, only when they changed. Pod and service changes trigger a
 * recount of their namespace's quotas at once (the informers are triggers; counting lists afresh);
 * everything is recounted every resync period. The API server's ResourceQuota admission charges
 * creations in between.
 */
public final class ResourceQuotaController implements AutoCloseable {

    static final GroupVersionResource QUOTAS = new GroupVersionResource("", "v1", "resourcequotas");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");

    private final ApiClient api;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer quotaInformer;
    private final SharedInformer podInformer;
    private final SharedInformer serviceInformer;
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final WorkQueue<ObjectKey> queue;
    private final Controller<ObjectKey> controller;

    /** With informers of its own. */
    public ResourceQuotaController(ApiClient api, Clock clock, ResourceQuotaControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public ResourceQuotaController(ApiClient api, Clock clock, ResourceQuotaControllerConfig config,
                                   InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private ResourceQuotaController(ApiClient api, Clock clock, ResourceQuotaControllerConfig config,
                                    InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.api = api;
        this.quotaInformer = informers.informer(QUOTAS);
        this.podInformer = informers.informer(PODS);
        this.serviceInformer = informers.informer(SERVICES);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        registrations.add(quotaInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode q, boolean initialList) {
                queue.add(ObjectKey.of(q));
            }

            @Override
            public void onUpdate(ObjectNode oldQ, ObjectNode newQ) {
                // A resync (same object) or a new spec; not a status change: those are the admission's
                // charges, and a recount racing the charged creation could erase the charge (as upstream).
                if (oldQ == newQ || !oldQ.path("spec").equals(newQ.path("spec"))) {
                    queue.add(ObjectKey.of(newQ));
                }
            }

            @Override
            public void onDelete(ObjectNode q, boolean finalStateUnknown) {
            }
        }, config.resyncPeriod()));
        ResourceEventHandler replenish = ResourceEventHandler.onAnyChange(this::enqueueQuotasOf);
        registrations.add(podInformer.addEventHandler(replenish));
        registrations.add(serviceInformer.addEventHandler(replenish));
        this.controller = new Controller<>("resourcequota-controller", queue, this::syncQuota, config.workers(),
                registrations.stream().map(r -> (BooleanSupplier) r::hasSynced).toList());
    }

    private void enqueueQuotasOf(JsonNode obj) {
        for (ObjectNode q : quotaInformer.cache().list(Meta.namespace(obj))) {
            queue.add(ObjectKey.of(q));
        }
    }

    private Result syncQuota(ObjectKey key) {
        if (quotaInformer.cache().get(key).isEmpty()) {
            return Result.done();
        }
        // Read the quota, then count from fresh lists, then write with the quota's resourceVersion: a
        // creation the API server admitted (and charged) meanwhile makes the write conflict and the count
        // start over, instead of the count erasing the charge of an object it did not see yet.
        ObjectNode quota;
        try {
            quota = api.resource(QUOTAS).get(key.namespace(), key.name());
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Result.done();
            }
            throw e;
        }
        JsonNode hardJson = quota.path("spec").path("hard");
        Map<String, Quantity> hard = QuotaUsage.resourceList(hardJson);
        Map<String, Quantity> used = new TreeMap<>();
        hard.keySet().forEach(k -> used.put(k, Quantity.ZERO));
        for (Counted kind : countedKinds(hard.keySet())) {
            for (JsonNode obj : objects(kind, key.namespace())) {
                if (QuotaUsage.matchesScopes(quota, kind.group(), kind.resource(), obj)) {
                    used.putAll(QuotaUsage.add(used, QuotaUsage.mask(
                            QuotaUsage.usage(kind.group(), kind.resource(), obj), hard.keySet())));
                }
            }
        }
        if (hardJson.equals(quota.path("status").path("hard"))
                && used.equals(QuotaUsage.resourceList(quota.path("status").path("used")))) {
            return Result.done();
        }
        ObjectNode updated = quota.deepCopy();
        ObjectNode status = updated.putObject("status");
        status.set("hard", hardJson.deepCopy());
        ObjectNode usedJson = status.putObject("used");
        used.forEach((k, v) -> usedJson.put(k, v.toString()));
        api.resource(QUOTAS).subresource("status").update(key.namespace(), updated);
        return Result.done();
    }

    /** A kind whose objects a quota counts. */
    record Counted(String group, String resource) {
    }

    /** The kinds the quota's resource names need counted. */
    static Set<Counted> countedKinds(Set<String> names) {
        Set<Counted> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name.startsWith("count/")) {
                String gr = name.substring("count/".length());
                int dot = gr.indexOf('.');
                out.add(dot < 0 ? new Counted("", gr) : new Counted(gr.substring(dot + 1), gr.substring(0, dot)));
            } else if (name.equals("pods") || name.startsWith("requests.") && !name.equals("requests.storage")
                    || name.startsWith("limits.") || name.equals("cpu") || name.equals("memory")
                    || name.equals("ephemeral-storage")) {
                out.add(new Counted("", "pods"));
            } else if (name.startsWith("services")) {
                out.add(new Counted("", "services"));
            } else if (name.equals("persistentvolumeclaims") || name.equals("requests.storage")
                    || name.contains(".storageclass.storage.k8s.io/")) {
                out.add(new Counted("", "persistentvolumeclaims"));
            } else if (Set.of("configmaps", "secrets", "replicationcontrollers", "resourcequotas").contains(name)) {
                out.add(new Counted("", name));
            }
        }
        return out;
    }

    /** The namespace's objects of a kind, listed fresh (the caches may lag behind admitted creations). */
    private List<? extends JsonNode> objects(Counted kind, String namespace) {
        Optional<String> version = preferredVersion(kind.group());
        if (version.isEmpty()) {
            return List.of();
        }
        try {
            return api.resource(new GroupVersionResource(kind.group(), version.get(), kind.resource()))
                    .listAll(namespace, ListOptions.ALL).items();
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return List.of();
            }
            throw e;
        }
    }

    private Optional<String> preferredVersion(String group) {
        if (group.isEmpty()) {
            return Optional.of("v1");
        }
        try {
            String gv = api.get("/apis/" + group, "application/json").path("preferredVersion").path("version").asText("");
            return gv.isEmpty() ? Optional.empty() : Optional.of(gv);
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once quotas, pods and services are cached and the workers may run. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
    }
}
