package dev.tugboat.api.printers;

import java.util.Map;

/**
 * The table printer of every built-in kind, by API group and kind (upstream's
 * {@code printers/internalversion} handlers). Kinds without one get {@link DefaultPrinter}. All
 * printers are immutable and thread-safe.
 */
public final class BuiltinPrinters {

    private static final Map<String, TablePrinter> PRINTERS = Map.ofEntries(
            Map.entry("/Pod", new PodPrinter()),
            Map.entry("/Node", new NodePrinter()),
            Map.entry("/Namespace", CorePrinters.namespace()),
            Map.entry("/Service", new ServicePrinter()),
            Map.entry("/Endpoints", CorePrinters.endpoints()),
            Map.entry("/ConfigMap", CorePrinters.configMap()),
            Map.entry("/Secret", CorePrinters.secret()),
            Map.entry("/ServiceAccount", CorePrinters.serviceAccount()),
            Map.entry("/PodTemplate", CorePrinters.podTemplate()),
            Map.entry("/ReplicationController", AppsPrinters.replicationController()),
            Map.entry("/PersistentVolumeClaim", StoragePrinters.persistentVolumeClaim()),
            Map.entry("/PersistentVolume", StoragePrinters.persistentVolume()),
            Map.entry("/Event", EventPrinter.core()),
            Map.entry("/ResourceQuota", new ResourceQuotaPrinter()),
            Map.entry("apps/Deployment", AppsPrinters.deployment()),
            Map.entry("apps/ReplicaSet", AppsPrinters.replicaSet()),
            Map.entry("apps/StatefulSet", AppsPrinters.statefulSet()),
            Map.entry("apps/DaemonSet", AppsPrinters.daemonSet()),
            Map.entry("apps/ControllerRevision", AppsPrinters.controllerRevision()),
            Map.entry("batch/Job", BatchPrinters.job()),
            Map.entry("batch/CronJob", BatchPrinters.cronJob()),
            Map.entry("autoscaling/HorizontalPodAutoscaler", new HpaPrinter()),
            Map.entry("storage.k8s.io/StorageClass", StoragePrinters.storageClass()),
            Map.entry("networking.k8s.io/Ingress", new IngressPrinter()),
            Map.entry("networking.k8s.io/IngressClass", NetworkingPrinters.ingressClass()),
            Map.entry("networking.k8s.io/NetworkPolicy", NetworkingPrinters.networkPolicy()),
            Map.entry("discovery.k8s.io/EndpointSlice", NetworkingPrinters.endpointSlice()),
            Map.entry("events.k8s.io/Event", EventPrinter.eventsApi()),
            Map.entry("coordination.k8s.io/Lease", ClusterPrinters.lease()),
            Map.entry("scheduling.k8s.io/PriorityClass", ClusterPrinters.priorityClass()),
            Map.entry("policy/PodDisruptionBudget", ClusterPrinters.podDisruptionBudget()),
            Map.entry("rbac.authorization.k8s.io/RoleBinding", ClusterPrinters.roleBinding("roleBinding")),
            Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding",
                    ClusterPrinters.roleBinding("clusterRoleBinding")),
            Map.entry("certificates.k8s.io/CertificateSigningRequest", ClusterPrinters.certificateSigningRequest()),
            Map.entry("node.k8s.io/RuntimeClass", ClusterPrinters.runtimeClass()),
            Map.entry("admissionregistration.k8s.io/MutatingWebhookConfiguration",
                    ClusterPrinters.webhookConfiguration()),
            Map.entry("admissionregistration.k8s.io/ValidatingWebhookConfiguration",
                    ClusterPrinters.webhookConfiguration()));

    private BuiltinPrinters() {
    }

    /**
     * The printer of a built-in kind ({@code group} is {@code ""} for core), or {@link DefaultPrinter}
     * (NAME, CREATED AT) for kinds without one such as Role, ClusterRole, LimitRange and
     * CustomResourceDefinition. Never null.
     */
    public static TablePrinter forKind(String group, String kind) {
        return PRINTERS.getOrDefault(group + "/" + kind, DefaultPrinter.INSTANCE);
    }
}
