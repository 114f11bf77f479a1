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
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The defaulting and validation rules of every built-in kind, by group, version and kind. Immutable
 * and thread-safe; the rules themselves are stateless.
 */
public final class BuiltinKindRules {

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
                entry("apps", "v1", "Deployment", new DeploymentRules()),
                entry("apps", "v1", "ReplicaSet", new ReplicaSetRules()),
                entry("apps", "v1", "StatefulSet", new StatefulSetRules()),
                entry("apps", "v1", "DaemonSet", new DaemonSetRules()),
                entry("apps", "v1", "ControllerRevision", new ControllerRevisionRules()),
                entry("autoscaling", "v1", "Scale", new ScaleRules()),
                entry("batch", "v1", "Job", new JobRules()),
                entry("batch", "v1", "CronJob", new CronJobRules()),
                entry("apiextensions.k8s.io", "v1", "CustomResourceDefinition", new CustomResourceDefinitionRules())));
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
