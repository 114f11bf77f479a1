package dev.tugboat.apiserver.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.fields.SelectableFields;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.printers.CustomResourcePrinter;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.api.schema.CustomResourceSchema;
import dev.tugboat.api.schema.CustomResourceSchemas;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.registry.DeleteOptions;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceKeys;
import dev.tugboat.apiserver.registry.ResourceRegistration;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.registry.RestStrategy;
import dev.tugboat.apiserver.registry.ScalePaths;
import dev.tugboat.apiserver.registry.StorageHooks;
import dev.tugboat.apiserver.registry.VersionConverter;
import dev.tugboat.apiserver.registry.WriteOptions;
import dev.tugboat.apiserver.watchcache.CacheEvent;
import dev.tugboat.apiserver.watchcache.CacheWatcher;
import dev.tugboat.apiserver.watchcache.CachedObject;
import dev.tugboat.apiserver.watchcache.ResourceCache;
import dev.tugboat.apiserver.wiring.SchemaSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the resources of CustomResourceDefinitions (upstream's apiextensions-apiserver controllers
 * in one place): a CRD's served versions are registered the moment it is stored, its status gets
 * NamesAccepted and Established, and deleting it deletes every custom resource before the CRD goes.
 * Reconciliation is level-triggered and idempotent: it runs synchronously when this server stores a
 * CRD (so the resources are served at once) and again for every change seen by the watch cache.
 */
public final class CustomResourceManager implements StorageHooks, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceManager.class);
    private static final WriteOptions SYSTEM = new WriteOptions(false, "apiextensions-apiserver",
            "apiextensions.k8s.io/v1", new UserInfo("system:apiextensions", "", List.of("system:masters")));
    private static final String CRD_PREFIX = ResourceKeys.prefix("apiextensions.k8s.io", "customresourcedefinitions");

    /** What one CRD currently serves. */
    private record Served(List<GroupVersionResource> resources, List<CustomResourceSchema> schemas,
                          Map<GroupVersionKind, SelectableFields> fields, String fingerprint) {
    }

    private final ResourceRegistry registry;
    private final Function<ResourceRegistration, GenericStore> stores;
    private final SchemaSet schemas;
    private final Function<JsonNode, KindRules> schemaRules;
    private final ResourceCache crdCache;
    private final Clock clock;
    private final Map<String, Served> served = new LinkedHashMap<>();
    private volatile Map<GroupVersionKind, SelectableFields> selectable = Map.of();
    private volatile boolean closed;
    private Thread watcher;

    /**
     * @param stores      builds the store of a registration (with the server's admission and ownership)
     * @param schemaRules defaulting and schema validation of one CRD version (given its version entry)
     */
    public CustomResourceManager(ResourceRegistry registry, Function<ResourceRegistration, GenericStore> stores,
                                 SchemaSet schemas, Function<JsonNode, KindRules> schemaRules, ResourceCache crdCache,
                                 Clock clock) {
        this.registry = registry;
        this.stores = stores;
        this.schemas = schemas;
        this.schemaRules = schemaRules;
        this.crdCache = crdCache;
        this.clock = clock;
    }

    /** Serves every stored CRD, then follows changes. */
    public void start() {
        ResourceCache.WatchStart start = crdCache.watchFromCurrentState(CRD_PREFIX);
        for (CachedObject crd : start.initial()) {
            reconcileQuietly(crd.object().deepCopy());
        }
        watcher = Thread.ofVirtual().name("crd-manager").start(() -> follow(start.watcher()));
    }

    private void follow(CacheWatcher w) {
        CacheWatcher current = w;
        while (!closed) {
            try {
                CacheWatcher.Item item = current.poll(1000);
                if (item instanceof CacheWatcher.Event e) {
                    CacheEvent ev = e.event();
                    if (ev.type() == CacheEvent.Type.DELETE) {
                        remove(ev.object().name());
                    } else {
                        reconcileQuietly(ev.object().object().deepCopy());
                    }
                } else if (item instanceof CacheWatcher.Terminated) {
                    ResourceCache.WatchStart restart = crdCache.watchFromCurrentState(CRD_PREFIX);
                    current = restart.watcher();
                    for (CachedObject crd : restart.initial()) {
                        reconcileQuietly(crd.object().deepCopy());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("CRD reconciliation failed", e);
            }
        }
        current.close();
    }

    private void reconcileQuietly(ObjectNode crd) {
        try {
            reconcile(crd);
        } catch (RuntimeException e) {
            LOG.warn("could not serve CRD {}: {}", Meta.name(crd), e.toString());
        }
    }

    // ------------------------------------------------------------ storage hooks of the CRD resource

    @Override
    public Pending beginCreate(ObjectNode crd, boolean dryRun) {
        return afterWrite(crd, dryRun);
    }

    @Override
    public Pending beginUpdate(ObjectNode crd, ObjectNode old, boolean dryRun) {
        return afterWrite(crd, dryRun);
    }

    private Pending afterWrite(ObjectNode crd, boolean dryRun) {
        return new Pending() {
            @Override
            public void commit() {
                if (!dryRun) {
                    reconcileQuietly(crd.deepCopy());
                }
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void afterDelete(ObjectNode crd) {
        remove(Meta.name(crd));
    }

    // ------------------------------------------------------------ reconciliation

    /** Brings what is served for {@code crd} in line with it. */
    public synchronized void reconcile(ObjectNode crd) {
        String name = Meta.name(crd);
        JsonNode spec = crd.path("spec");
        String conflict = namesConflict(name, spec);
        if (conflict != null) {
            updateStatus(crd, false, conflict);
            return;
        }
        String fingerprint = Json.string(spec);
        Served current = served.get(name);
        if (current == null || !current.fingerprint().equals(fingerprint)) {
            serve(name, crd, fingerprint);
        }
        if (Meta.isDeleting(crd)) {
            cleanupAsync(crd);
            return;
        }
        updateStatus(crd, true, null);
    }

    private void serve(String name, ObjectNode crd, String fingerprint) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        String plural = spec.path("names").path("plural").asText();
        boolean namespaced = spec.path("scope").asText("Namespaced").equals("Namespaced");
        String storageVersion = "";
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                storageVersion = v.path("name").asText();
            }
        }
        GroupVersionKind storageKind = new GroupVersionKind(group, storageVersion, spec.path("names").path("kind").asText());
        List<CustomResourceSchema> crSchemas = CustomResourceSchemas.fromCrd(crd, schemas.builtins());
        List<GenericStore> newStores = new ArrayList<>();
        Map<GroupVersionKind, SelectableFields> fields = new HashMap<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            ApiResource resource = apiResource(spec, v, namespaced);
            KindRules rules = schemaRules.apply(v);
            boolean status = v.path("subresources").has("status");
            CustomResourceStrategy strategy = new CustomResourceStrategy(namespaced, status, rules);
            Map<String, RestStrategy> subs = new HashMap<>();
            if (status) {
                subs.put("status", strategy.statusStrategy());
            }
            JsonNode scale = v.path("subresources").path("scale");
            ScalePaths scalePaths = scale.isObject() ? new ScalePaths(scale.path("specReplicasPath").asText(),
                    scale.path("statusReplicasPath").asText(), scale.path("labelSelectorPath").asText("")) : null;
            newStores.add(stores.apply(new ResourceRegistration(resource, storageKind,
                    ResourceKeys.prefix(group, plural), strategy, subs,
                    CustomResourcePrinter.of(v.path("additionalPrinterColumns")),
                    storageKind.equals(resource.kind()) ? VersionConverter.IDENTITY
                            : new ApiVersionConverter(storageKind, resource.kind()),
                    StorageHooks.NONE, scalePaths, true)));
            List<String> paths = new ArrayList<>();
            v.path("selectableFields").forEach(f -> paths.add(f.path("jsonPath").asText()));
            fields.put(resource.kind(), SelectableFields.forCustomResource(paths));
        }
        Served old = served.remove(name);
        if (old != null) {
            registry.unregister(old.resources());
        }
        registry.register(newStores);
        served.put(name, new Served(newStores.stream().map(s -> s.registration().resource().gvr()).toList(),
                crSchemas, fields, fingerprint));
        publish();
        LOG.info("serving {} ({} version(s))", name, newStores.size());
    }

    private static ApiResource apiResource(JsonNode spec, JsonNode version, boolean namespaced) {
        JsonNode names = spec.path("names");
        GroupVersionKind kind = new GroupVersionKind(spec.path("group").asText(), version.path("name").asText(),
                names.path("kind").asText());
        List<ApiResource.Subresource> subs = new ArrayList<>();
        if (version.path("subresources").has("status")) {
            subs.add(new ApiResource.Subresource("status", kind, List.of("get", "patch", "update")));
        }
        if (version.path("subresources").has("scale")) {
            subs.add(new ApiResource.Subresource("scale", new GroupVersionKind("autoscaling", "v1", "Scale"),
                    List.of("get", "patch", "update")));
        }
        String singular = names.path("singular").asText("");
        return new ApiResource(kind, names.path("plural").asText(),
                singular.isEmpty() ? kind.kind().toLowerCase(java.util.Locale.ROOT) : singular, namespaced,
                strings(names.path("shortNames")), strings(names.path("categories")), ApiResource.ALL_VERBS, subs);
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Another CRD already uses this group's plural or kind: upstream's NamesAccepted=False. */
    private String namesConflict(String name, JsonNode spec) {
        String group = spec.path("group").asText();
        String plural = spec.path("names").path("plural").asText();
        String kind = spec.path("names").path("kind").asText();
        for (CachedObject other : crdCache.list(CRD_PREFIX, "", ResourceCache.ALL, 0, new boolean[1]).items()) {
            if (other.name().equals(name)) {
                continue;
            }
            JsonNode os = other.object().path("spec");
            if (!os.path("group").asText().equals(group)) {
                continue;
            }
            JsonNode accepted = other.object().path("status").path("acceptedNames");
            if (accepted.path("plural").asText().equals(plural)) {
                return "\"" + plural + "\" is already in use";
            }
            if (accepted.path("kind").asText().equals(kind)) {
                return "\"" + kind + "\" is already in use";
            }
        }
        return null;
    }

    private void publish() {
        List<CustomResourceSchema> all = new ArrayList<>();
        Map<GroupVersionKind, SelectableFields> fields = new HashMap<>();
        for (Served s : served.values()) {
            all.addAll(s.schemas());
            fields.putAll(s.fields());
        }
        schemas.setCustomResources(all);
        selectable = Map.copyOf(fields);
    }

    /** Field selector vocabulary of a custom resource kind, if it is one. */
    public Optional<SelectableFields> selectableFields(GroupVersionKind kind) {
        return Optional.ofNullable(selectable.get(kind));
    }

    private synchronized void remove(String name) {
        Served old = served.remove(name);
        if (old != null) {
            registry.unregister(old.resources());
            publish();
            LOG.info("stopped serving {}", name);
        }
    }

    // ------------------------------------------------------------ status

    private void updateStatus(ObjectNode crd, boolean accepted, String conflict) {
        GenericStore crds = registry.store("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        ObjectNode desired = desiredStatus(crd, accepted, conflict);
        if (desired.equals(crd.path("status"))) {
            return;
        }
        try {
            crds.update("", Meta.name(crd), "status", cur -> {
                if (cur == null) {
                    return null;
                }
                cur.set("status", desiredStatus(cur, accepted, conflict));
                return cur;
            }, SYSTEM);
        } catch (ApiException.NotFound gone) {
            // Deleted meanwhile.
        }
    }

    private ObjectNode desiredStatus(ObjectNode crd, boolean accepted, String conflict) {
        JsonNode spec = crd.path("spec");
        JsonNode old = crd.path("status");
        ObjectNode status = old.isObject() ? ((ObjectNode) old).deepCopy() : Json.object();
        ArrayNode conditions = Json.MAPPER.createArrayNode();
        String now = Timestamps.format(clock.instant());
        conditions.add(condition(old, "NamesAccepted", accepted ? "True" : "False",
                accepted ? "NoConflicts" : "NameConflict", accepted ? "no conflicts found" : conflict, now));
        boolean deleting = Meta.isDeleting(crd);
        conditions.add(condition(old, "Established", accepted ? "True" : "False",
                accepted ? "InitialNamesAccepted" : "NotAccepted",
                accepted ? "the initial names have been accepted" : "not all names are accepted", now));
        if (deleting) {
            conditions.add(condition(old, "Terminating", "True", "InstanceDeletionInProgress",
                    "CustomResource deletion is in progress", now));
        }
        status.set("conditions", conditions);
        if (accepted) {
            ObjectNode names = spec.path("names").deepCopy();
            if (!names.has("singular")) {
                names.put("singular", names.path("kind").asText().toLowerCase(java.util.Locale.ROOT));
            }
            if (!names.has("listKind")) {
                names.put("listKind", names.path("kind").asText() + "List");
            }
            status.set("acceptedNames", names);
        } else if (!status.has("acceptedNames")) {
            status.putObject("acceptedNames").put("plural", "").put("kind", "");
        }
        ArrayNode stored = Json.MAPPER.createArrayNode();
        old.path("storedVersions").forEach(stored::add);
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false) && !containsText(stored, v.path("name").asText())) {
                stored.add(v.path("name").asText());
            }
        }
        status.set("storedVersions", stored);
        return status;
    }

    private static boolean containsText(ArrayNode arr, String s) {
        for (JsonNode n : arr) {
            if (n.asText().equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** A condition, keeping its transition time when the status did not change. */
    private static ObjectNode condition(JsonNode oldStatus, String type, String status, String reason, String message,
                                        String now) {
        ObjectNode c = Json.object();
        c.put("type", type);
        c.put("status", status);
        String time = now;
        for (JsonNode o : oldStatus.path("conditions")) {
            if (o.path("type").asText().equals(type) && o.path("status").asText().equals(status)) {
                time = o.path("lastTransitionTime").asText(now);
            }
        }
        c.put("lastTransitionTime", time);
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    // ------------------------------------------------------------ deletion

    private final java.util.Set<String> cleaning = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Deletes every custom resource of a deleted CRD, then lets the CRD go (its cleanup finalizer). */
    private void cleanupAsync(ObjectNode crd) {
        String name = Meta.name(crd);
        if (!cleaning.add(name)) {
            return;
        }
        Thread.ofVirtual().name("crd-cleanup-" + name).start(() -> {
            try {
                cleanup(crd);
            } finally {
                cleaning.remove(name);
            }
        });
    }

    private void cleanup(ObjectNode crd) {
        String name = Meta.name(crd);
        Served s;
        synchronized (this) {
            s = served.get(name);
        }
        long backoff = 100;
        while (!closed && s != null && !s.resources().isEmpty()) {
            GroupVersionResource gvr = s.resources().get(0);
            GenericStore store = registry.store(gvr.group(), gvr.version(), gvr.resource()).orElse(null);
            if (store == null) {
                break;
            }
            List<CachedObject> left = store.list("", ResourceCache.ALL, ListOptions.ALL).items();
            if (left.isEmpty()) {
                break;
            }
            for (CachedObject cr : left) {
                try {
                    store.delete(cr.namespace(), cr.name(), DeleteOptions.DEFAULT, SYSTEM.user());
                } catch (ApiException e) {
                    // Gone already, or blocked by its own finalizers: checked again below.
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 5000);
        }
        GenericStore crds = registry.store("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        try {
            crds.update("", name, "", cur -> {
                if (cur == null) {
                    return null;
                }
                ArrayNode keep = Json.MAPPER.createArrayNode();
                Meta.finalizers(cur).stream().filter(f -> !f.equals(CrdStrategy.CLEANUP_FINALIZER)).forEach(keep::add);
                Meta.mutableMetadata(cur).set("finalizers", keep);
                return cur;
            }, SYSTEM);
        } catch (ApiException.NotFound gone) {
            // Already gone.
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /** Served versions differ from the storage version only in apiVersion (conversion strategy None). */
    private record ApiVersionConverter(GroupVersionKind storage, GroupVersionKind served) implements VersionConverter {
        @Override
        public ObjectNode toServed(ObjectNode stored) {
            stored.put("apiVersion", served.apiVersion());
            return stored;
        }

        @Override
        public ObjectNode toStorage(ObjectNode obj) {
            obj.put("apiVersion", storage.apiVersion());
            return obj;
        }
    }
}
