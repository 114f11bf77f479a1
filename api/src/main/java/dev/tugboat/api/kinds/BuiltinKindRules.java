package dev.tugboat.api.kinds;

import dev.tugboat.api.apiextensions.CustomResourceDefinitionRules;
import dev.tugboat.api.apps.ControllerRevisionRules;
import dev.tugboat.api.apps.DaemonSetRules;
import dev.tugboat.api.apps.DeploymentRules;
import dev.tugboat.api.apps.ReplicaSetRules;
import dev.tugboat.api.apps.StatefulSetRules;
import dev.tugboat.api.autoscaling.ScaleRules;
import dev.tugboat.api.batch.CronJobRules;
import dev.tugboat.api.batch.JobRules;
import dev.tugboat.api.core.BindingRules;
import dev.tugboat.api.core.ConfigMapRules;
import dev.tugboat.api.core.EndpointsRules;
import dev.tugboat.api.core.EventRules;
import dev.tugboat.api.core.NamespaceRules;
import dev.tugboat.api.core.NodeRules;
import dev.tugboat.api.core.PersistentVolumeClaimRules;
import dev.tugboat.api.core.PodRules;
import dev.tugboat.api.core.PodTemplateRules;
import dev.tugboat.api.core.SecretRules;
import dev.tugboat.api.core.ServiceAccountRules;
import dev.tugboat.api.core.ServiceRules;
import dev.tugboat.api.autoscaling.HorizontalPodAutoscalerRules;
import dev.tugboat.api.core.LimitRangeRules;
import dev.tugboat.api.core.PersistentVolumeRules;
import dev.tugboat.api.core.ReplicationControllerRules;
import dev.tugboat.api.core.ResourceQuotaRules;
import dev.tugboat.api.coordination.LeaseRules;
import dev.tugboat.api.discovery.EndpointSliceRules;
import dev.tugboat.api.networking.IngressClassRules;
import dev.tugboat.api.networking.IngressRules;
import dev.tugboat.api.networking.NetworkPolicyRules;
import dev.tugboat.api.policy.EvictionRules;
import dev.tugboat.api.policy.PodDisruptionBudgetRules;
import dev.tugboat.api.rbac.RbacRules;
import dev.tugboat.api.scheduling.PriorityClassRules;
import dev.tugboat.api.storage.StorageClassRules;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The defaulting and validation rules of every built-in kind, by group, version and kind. Immutable
 * and thread-safe; the rules themselves are stateless.
 */
public final class BuiltinKindRules {

    private static final String RBAC = "rbac.authorization.k8s.io";

    private final Map<GroupVersionKind, KindRules> rules;

    private BuiltinKindRules(Map<GroupVersionKind, KindRules> rules) {
        this.rules = Map.copyOf(rules);
    }

    /** The rules of all built-in kinds at the versions Tugboat serves. */
    public static BuiltinKindRules create() {
        return new BuiltinKindRules(Map.ofEntries(
                core("Pod", new PodRules()),
                core("PodTemplate", new PodTemplateRules()),
                core("Binding", new BindingRules()),
                core("Service", new ServiceRules()),
                core("Namespace", new NamespaceRules()),
                core("ConfigMap", new ConfigMapRules()),
                core("Secret", new SecretRules()),
                core("ServiceAccount", new ServiceAccountRules()),
                core("Node", new NodeRules()),
                core("Endpoints", new EndpointsRules()),
                core("Event", new EventRules()),
                core("PersistentVolumeClaim", new PersistentVolumeClaimRules()),
                core("PersistentVolume", new PersistentVolumeRules()),
                core("ReplicationController", new ReplicationControllerRules()),
                core("ResourceQuota", new ResourceQuotaRules()),
                core("LimitRange", new LimitRangeRules()),
                entry("apps", "v1", "Deployment", new DeploymentRules()),
                entry("apps", "v1", "ReplicaSet", new ReplicaSetRules()),
                entry("apps", "v1", "StatefulSet", new StatefulSetRules()),
                entry("apps", "v1", "DaemonSet", new DaemonSetRules()),
                entry("apps", "v1", "ControllerRevision", new ControllerRevisionRules()),
                entry("autoscaling", "v1", "Scale", new ScaleRules()),
                entry("batch", "v1", "Job", new JobRules()),
                entry("batch", "v1", "CronJob", new CronJobRules()),
                entry("apiextensions.k8s.io", "v1", "CustomResourceDefinition", new CustomResourceDefinitionRules()),
                entry("networking.k8s.io", "v1", "Ingress", new IngressRules()),
                entry("networking.k8s.io", "v1", "IngressClass", new IngressClassRules()),
                entry("networking.k8s.io", "v1", "NetworkPolicy", new NetworkPolicyRules()),
                entry("discovery.k8s.io", "v1", "EndpointSlice", new EndpointSliceRules()),
                entry("coordination.k8s.io", "v1", "Lease", new LeaseRules()),
                entry("autoscaling", "v1", "HorizontalPodAutoscaler", HorizontalPodAutoscalerRules.v1()),
                entry("autoscaling", "v2", "HorizontalPodAutoscaler", HorizontalPodAutoscalerRules.v2()),
                entry("policy", "v1", "PodDisruptionBudget", new PodDisruptionBudgetRules()),
                entry("policy", "v1", "Eviction", new EvictionRules()),
                entry(RBAC, "v1", "Role", new RbacRules(RbacRules.Kind.ROLE)),
                entry(RBAC, "v1", "ClusterRole", new RbacRules(RbacRules.Kind.CLUSTER_ROLE)),
                entry(RBAC, "v1", "RoleBinding", new RbacRules(RbacRules.Kind.ROLE_BINDING)),
                entry(RBAC, "v1", "ClusterRoleBinding", new RbacRules(RbacRules.Kind.CLUSTER_ROLE_BINDING)),
                entry("storage.k8s.io", "v1", "StorageClass", new StorageClassRules()),
                entry("scheduling.k8s.io", "v1", "PriorityClass", new PriorityClassRules()),
                entry("events.k8s.io", "v1", "Event", new dev.tugboat.api.events.EventRules())));
    }

    private static Map.Entry<GroupVersionKind, KindRules> core(String kind, KindRules r) {
        return entry("", "v1", kind, r);
    }

    private static Map.Entry<GroupVersionKind, KindRules> entry(String group, String version, String kind, KindRules r) {
        return Map.entry(new GroupVersionKind(group, version, kind), r);
    }

    /** The rules of {@code gvk}, or empty for kinds that are not built in (custom resources). */
    public Optional<KindRules> forKind(GroupVersionKind gvk) {
        return Optional.ofNullable(rules.get(gvk));
    }

    /** Every kind that has rules. */
    public Set<GroupVersionKind> kinds() {
        return rules.keySet();
    }
}
