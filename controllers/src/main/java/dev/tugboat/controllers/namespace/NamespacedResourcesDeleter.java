package dev.tugboat.controllers.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.discovery.ApiResources;
import dev.tugboat.client.discovery.DiscoveryClient;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ObjectList;
import dev.tugboat.client.rest.PropagationPolicy;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a terminating namespace and then releases it (upstream's namespacedResourcesDeleter):
 * <ol>
 *   <li>read the namespace live; nothing to do unless it has a deletionTimestamp and still carries the
 *       {@code kubernetes} finalizer in spec.finalizers;</li>
 *   <li>make sure its phase is Terminating;</li>
 *   <li>discover every namespaced resource (preferred versions) that can be deleted and delete all of its
 *       objects in the namespace (deletecollection where served, else list + delete), background
 *       propagation;</li>
 *   <li>list again: what remains, and which finalizers hold it, goes into the status conditions; if
 *       anything remains, throw {@link ResourcesRemainingException} with an estimate;</li>
 *   <li>remove {@code kubernetes} from spec.finalizers through {@code /finalize}; the API server deletes
 *       the namespace once no finalizer is left.</li>
 * </ol>
 * Thread-safe; each call talks to the server afresh.
 */
final class NamespacedResourcesDeleter {

    static final String FINALIZER = "kubernetes";
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    /** How long to expect content with finalizers to take (upstream's finalizerEstimateSeconds). */
    private static final long FINALIZER_ESTIMATE_SECONDS = 15;
    private static final int CONFLICT_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(NamespacedResourcesDeleter.class);

    private final ApiClient api;
    private final DiscoveryClient discovery;
    private final Clock clock;

    NamespacedResourcesDeleter(ApiClient api, Clock clock) {
        this.api = api;
        this.discovery = new DiscoveryClient(api);
        this.clock = clock;
    }

    /** One pass over namespace {@code name}; see the class comment. */
    void delete(String name) {
        ResourceClient namespaces = api.resource(NAMESPACES);
        ObjectNode ns;
        try {
            ns = namespaces.get("", name);
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return;
            }
            throw e;
        }
        if (!Meta.isDeleting(ns) || !specFinalizers(ns).contains(FINALIZER)) {
            return;
        }
        ns = ensureTerminating(ns);
        if (ns == null) {
            return;
        }
        long estimate = deleteAllContent(ns);
        if (estimate > 0) {
            throw new ResourcesRemainingException(estimate);
        }
        finalizeNamespace(ns);
    }

    static List<String> specFinalizers(JsonNode ns) {
        List<String> out = new ArrayList<>();
        ns.path("spec").path("finalizers").forEach(f -> out.add(f.asText()));
        return out;
    }

    /** Sets status.phase Terminating if it is not; returns the latest namespace, or null once it is gone. */
    private ObjectNode ensureTerminating(ObjectNode ns) {
        ResourceClient status = api.resource(NAMESPACES).subresource("status");
        ObjectNode current = ns;
        for (int attempt = 1; !"Terminating".equals(current.path("status").path("phase").asText()); attempt++) {
            ObjectNode desired = current.deepCopy();
            desired.withObjectProperty("status").put("phase", "Terminating");
            try {
                return status.update("", desired);
            } catch (StatusException e) {
                if (e.isNotFound()) {
                    return null;
                }
                if (!e.isConflict() || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                current = api.resource(NAMESPACES).get("", Meta.name(ns));
                if (!Meta.uid(current).equals(Meta.uid(ns))) {
                    throw new IllegalStateException("namespace uid has changed across retries");
                }
            }
        }
        return current;
    }

    /** Removes {@code kubernetes} from spec.finalizers; a 404 means someone else finished already. */
    private void finalizeNamespace(ObjectNode ns) {
        ResourceClient finalize = api.resource(NAMESPACES).subresource("finalize");
        ObjectNode current = ns;
        for (int attempt = 1; ; attempt++) {
            ObjectNode desired = current.deepCopy();
            ArrayNode kept = desired.withObjectProperty("spec").putArray("finalizers");
            specFinalizers(current).stream().filter(f -> !f.equals(FINALIZER)).distinct().sorted().forEach(kept::add);
            try {
                finalize.update("", desired);
                return;
            } catch (StatusException e) {
                if (e.isNotFound()) {
                    return;
                }
                if (!e.isConflict() || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                current = api.resource(NAMESPACES).get("", Meta.name(ns));
                if (!Meta.uid(current).equals(Meta.uid(ns))) {
                    throw new IllegalStateException("namespace uid has changed across retries");
                }
            }
        }
    }

    /** What one resource left behind. */
    private record Remaining(long estimateSeconds, int count, Map<String, Integer> finalizers) {
        static final Remaining NONE = new Remaining(0, 0, Map.of());
    }

    /**
     * Deletes everything in the namespace, records the outcome in the status conditions and returns an
     * estimate of the seconds until what remains is gone (0: nothing remains).
     */
    private long deleteAllContent(ObjectNode ns) {
        String namespace = Meta.name(ns);
        NamespaceConditions conditions = new NamespaceConditions();
        List<String> errors = new ArrayList<>();
        List<ApiResource> resources = List.of();
        try {
            ApiResources discovered = discovery.discover();
            resources = discovered.preferredWithVerbs(List.of("delete")).stream()
                    .filter(ApiResource::namespaced).toList();
        } catch (RuntimeException e) {
            // Not fatal upstream either; with nothing discovered nothing is deleted and the pass fails below.
            errors.add(e.getMessage());
            conditions.discoveryFailed(e.getMessage());
        }
        Instant deletedAt = Timestamps.parse(Meta.deletionTimestamp(ns)).orElse(clock.now());
        long estimate = 0;
        Map<String, Integer> remainingByResource = new TreeMap<>();
        Map<String, Integer> remainingByFinalizer = new TreeMap<>();
        for (ApiResource r : resources) {
            Remaining left;
            try {
                left = deleteAllOf(r, namespace, deletedAt);
            } catch (ContentRemainsException e) {
                errors.add(e.getMessage());
                conditions.contentDeletionFailed(e.getMessage());
                left = e.remaining;
            } catch (RuntimeException e) {
                String msg = r.gvr() + ": " + e.getMessage();
                errors.add(msg);
                conditions.contentDeletionFailed(msg);
                continue;
            }
            estimate = Math.max(estimate, left.estimateSeconds());
            if (left.count() > 0) {
                remainingByResource.merge(r.plural() + "." + r.kind().group(), left.count(), Integer::sum);
                left.finalizers().forEach((f, n) -> remainingByFinalizer.merge(f, n, Integer::sum));
            }
        }
        conditions.contentRemaining(remainingByResource, remainingByFinalizer);
        updateConditions(ns, conditions);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("namespace " + namespace + ": " + String.join("; ", errors));
        }
        return estimate;
    }

    /** Objects remained that nothing (no finalizer, no grace period) explains. */
    private static final class ContentRemainsException extends RuntimeException {
        final Remaining remaining;

        ContentRemainsException(String namespace, GroupVersionResource gvr, Remaining remaining) {
            super("unexpected items still remain in namespace: " + namespace + " for gvr: " + gvr, null, false,
                    false);
            this.remaining = remaining;
        }
    }

    private Remaining deleteAllOf(ApiResource r, String namespace, Instant deletedAt) {
        ResourceClient client = api.resource(r.gvr()).metadataOnly();
        long estimate = estimateGracefulTermination(r, namespace, deletedAt);
        boolean canList = r.verbs().contains("list");
        boolean deleted = false;
        if (r.verbs().contains("deletecollection")) {
            try {
                client.deleteCollection(namespace, ListOptions.ALL, DeleteOptions.propagation(PropagationPolicy.Background));
                deleted = true;
            } catch (StatusException e) {
                if (!e.isMethodNotSupported() && !e.isNotFound()) {
                    throw e;
                }
            }
        }
        if (!canList) {
            return new Remaining(estimate, 0, Map.of());
        }
        if (!deleted) {
            for (JsonNode item : client.list(namespace, ListOptions.ALL).items()) {
                try {
                    client.delete(namespace, Meta.name(item), DeleteOptions.propagation(PropagationPolicy.Background));
                } catch (StatusException e) {
                    if (!e.isNotFound() && !e.isMethodNotSupported()) {
                        throw e;
                    }
                }
            }
        }
        ObjectList left = client.list(namespace, ListOptions.ALL);
        if (left.items().isEmpty()) {
            return Remaining.NONE;
        }
        Map<String, Integer> finalizers = new TreeMap<>();
        for (JsonNode item : left.items()) {
            Meta.finalizers(item).forEach(f -> finalizers.merge(f, 1, Integer::sum));
        }
        if (estimate != 0) {
            return new Remaining(estimate, left.items().size(), finalizers);
        }
        if (!finalizers.isEmpty()) {
            return new Remaining(FINALIZER_ESTIMATE_SECONDS, left.items().size(), finalizers);
        }
        throw new ContentRemainsException(namespace, r.gvr(), new Remaining(0, left.items().size(), finalizers));
    }

    /** For pods: the longest termination grace period still running since the namespace was deleted. */
    private long estimateGracefulTermination(ApiResource r, String namespace, Instant deletedAt) {
        if (!r.kind().group().isEmpty() || !r.plural().equals("pods")) {
            return 0;
        }
        long estimate = 0;
        for (JsonNode pod : api.resource(r.gvr()).list(namespace, ListOptions.ALL).items()) {
            String phase = pod.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            JsonNode grace = pod.path("spec").path("terminationGracePeriodSeconds");
            if (grace.canConvertToLong()) {
                estimate = Math.max(estimate, grace.asLong());
            }
        }
        Duration since = Duration.between(deletedAt, clock.now());
        return since.compareTo(Duration.ofSeconds(estimate)) >= 0 ? 0 : estimate;
    }

    /** Writes the conditions if they changed; a failure is logged, the next pass writes them again. */
    private void updateConditions(ObjectNode ns, NamespaceConditions conditions) {
        ObjectNode updated = ns.deepCopy();
        if (!conditions.apply(updated, clock.now())) {
            return;
        }
        try {
            api.resource(NAMESPACES).subresource("status").update("", updated);
        } catch (StatusException e) {
            LOG.debug("couldn't update status conditions of namespace {}: {}", Meta.name(ns), e.getMessage());
        }
    }
}
