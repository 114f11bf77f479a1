package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.printers.TablePrinter;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.registry.batch.JobStrategy;
import dev.tugboat.apiserver.registry.core.NamespaceFinalizeStrategy;
import dev.tugboat.apiserver.registry.core.NamespaceStrategy;
import dev.tugboat.apiserver.registry.core.NodeStrategy;
import dev.tugboat.apiserver.registry.core.PodBindingStrategy;
import dev.tugboat.apiserver.registry.core.PodStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the registration of every stored built-in resource: storage location and version, strategy
 * per kind, printer and conversions.
 */
public final class BuiltinRegistrations {

    /** Kinds whose {@code metadata.generation} counts spec changes. */
    private static final Set<String> GENERATION_KINDS = Set.of("Deployment", "ReplicaSet", "StatefulSet",
            "DaemonSet", "ReplicationController", "Job", "CronJob", "HorizontalPodAutoscaler", "PodDisruptionBudget",
            "NetworkPolicy", "Ingress", "CustomResourceDefinition");

    /**
     * The status of a new object: Go serializes a kind's zero status struct, so upstream answers with
     * these (fields without omitempty appear as 0).
     */
    private static final Map<String, String> INITIAL_STATUS = Map.ofEntries(
            Map.entry("apps/Deployment", "{}"),
            Map.entry("apps/ReplicaSet", "{\"replicas\":0}"),
            Map.entry("apps/StatefulSet", "{\"availableReplicas\":0,\"replicas\":0}"),
            Map.entry("apps/DaemonSet", "{\"currentNumberScheduled\":0,\"desiredNumberScheduled\":0,"
                    + "\"numberMisscheduled\":0,\"numberReady\":0}"),
            Map.entry("/ReplicationController", "{\"replicas\":0}"),
            Map.entry("/Service", "{\"loadBalancer\":{}}"),
            Map.entry("/ResourceQuota", "{}"),
            Map.entry("/PersistentVolumeClaim", "{\"phase\":\"Pending\"}"),
            Map.entry("/PersistentVolume", "{\"phase\":\"Pending\"}"),
            Map.entry("batch/Job", "{}"),
            Map.entry("batch/CronJob", "{}"),
            Map.entry("autoscaling/HorizontalPodAutoscaler", "{\"desiredReplicas\":0}"),
            Map.entry("policy/PodDisruptionBudget", "{\"currentHealthy\":0,\"desiredHealthy\":0,"
                    + "\"disruptionsAllowed\":0,\"expectedPods\":0}"),
            Map.entry("networking.k8s.io/Ingress", "{\"loadBalancer\":{}}"));

    private static ObjectNode initialStatus(GroupVersionKind kind) {
        String json = INITIAL_STATUS.get(kind.group() + "/" + kind.kind());
        if (json == null) {
            return null;
        }
        try {
            return (ObjectNode) dev.tugboat.api.meta.Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kinds that PUT may create when missing (upstream AllowCreateOnUpdate). */
    private static final Set<String> CREATE_ON_UPDATE = Set.of("Endpoints", "Lease", "EndpointSlice", "Event");

    /** What the builder needs. */
    public record Inputs(Function<GroupVersionKind, KindRules> rules,
                         Function<GroupVersionKind, TablePrinter> printers,
                         Map<GroupVersionKind, Conversion> conversions) {
    }

    /** A served version stored as another version. */
    public record Conversion(GroupVersionKind storageKind, VersionConverter converter) {
    }

    private BuiltinRegistrations() {
    }

    /**
     * @param hooks storage hooks by kind name (e.g. Service allocations)
     */
    public static List<ResourceRegistration> build(List<ApiResource> resources, Inputs in,
                                                   Map<String, StorageHooks> hooks) {
        List<ResourceRegistration> out = new ArrayList<>();
        for (ApiResource r : resources) {
            if (BuiltinResources.isVirtual(r)) {
                continue;
            }
            GroupVersionKind kind = r.kind();
            Conversion conv = in.conversions().get(kind);
            GroupVersionKind storageKind = conv == null ? kind : conv.storageKind();
            KindRules rules = in.rules().apply(kind);
            KindRules storageRules = conv == null ? rules : in.rules().apply(storageKind);
            String prefix = ResourceKeys.prefix(storageKind.group(), r.plural());
            Map<String, RestStrategy> subs = new HashMap<>();
            RestStrategy main = strategy(r, rules, storageRules, subs);
            out.add(new ResourceRegistration(r, storageKind, prefix, main, subs, in.printers().apply(kind),
                    conv == null ? VersionConverter.IDENTITY : conv.converter(),
                    hooks.getOrDefault(kind.kind(), StorageHooks.NONE),
                    r.hasSubresource("scale") ? ScalePaths.BUILTIN : null, false));
        }
        return out;
    }

    private static RestStrategy strategy(ApiResource r, KindRules servedRules, KindRules storageRules,
                                         Map<String, RestStrategy> subs) {
        String kind = r.kind().kind();
        boolean hasStatus = r.hasSubresource("status");
        StandardStrategy main = switch (kind) {
            case "Pod" -> {
                PodStrategy pod = new PodStrategy(storageRules);
                subs.put("binding", new PodBindingStrategy(pod));
                yield pod;
            }
            case "Namespace" -> {
                NamespaceStrategy ns = new NamespaceStrategy(storageRules);
                subs.put("finalize", new NamespaceFinalizeStrategy(ns));
                yield ns;
            }
            case "Job" -> new JobStrategy(storageRules, initialStatus(r.kind()));
            case "Node" -> new NodeStrategy(storageRules,
                    new StandardStrategy.Traits(hasStatus, GENERATION_KINDS.contains(kind), false, initialStatus(r.kind())));
            case "CustomResourceDefinition" -> new dev.tugboat.apiserver.apiextensions.CrdStrategy(storageRules);
            default -> new StandardStrategy(storageRules, new StandardStrategy.Traits(hasStatus,
                    GENERATION_KINDS.contains(kind), CREATE_ON_UPDATE.contains(kind), initialStatus(r.kind())),
                    r.namespaced());
        };
        if (hasStatus) {
            subs.put("status", new StatusStrategy(main, storageRules, r.kind().group().equals("apps")
                    ? Set.of("spec", "metadata.labels") : Set.of("spec")));
        }
        return servedRules == storageRules ? main : new ServedVersionDefaults(main, servedRules);
    }
}
