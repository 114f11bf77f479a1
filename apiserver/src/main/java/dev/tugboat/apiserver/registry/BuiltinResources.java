package dev.tugboat.apiserver.registry;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.resource.ApiResource;
import java.util.List;

/**
 * The built-in resources this server serves, in upstream's discovery order (which is also the order
 * {@code kubectl get all} prints them in).
 */
public final class BuiltinResources {

    private BuiltinResources() {
    }

    /** Group order of {@code /apis}, as upstream kube-apiserver lists them. */
    public static final List<String> GROUP_ORDER = List.of("", "apps", "events.k8s.io", "authentication.k8s.io",
            "authorization.k8s.io", "autoscaling", "batch", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io");

    private static final String[] CREATE_ONLY = {"create"};
    private static final String[] NO_DELETECOLLECTION =
            {"create", "delete", "get", "list", "patch", "update", "watch"};

    /** Every built-in resource at every served version. */
    public static List<ApiResource> all() {
        GroupVersionKind scale = new GroupVersionKind("autoscaling", "v1", "Scale");
        GroupVersionKind binding = new GroupVersionKind("", "v1", "Binding");
        GroupVersionKind eviction = new GroupVersionKind("policy", "v1", "Eviction");
        GroupVersionKind namespace = new GroupVersionKind("", "v1", "Namespace");
        GroupVersionKind pod = new GroupVersionKind("", "v1", "Pod");
        GroupVersionKind podExecOptions = new GroupVersionKind("", "v1", "PodExecOptions");
        GroupVersionKind podPortForwardOptions = new GroupVersionKind("", "v1", "PodPortForwardOptions");
        GroupVersionKind podAttachOptions = new GroupVersionKind("", "v1", "PodAttachOptions");
        return List.of(
                // core/v1, alphabetical as upstream.
                ResourceSpec.of("v1", "Binding", "bindings").verbs(CREATE_ONLY).build(),
                ResourceSpec.of("v1", "ConfigMap", "configmaps").shortNames("cm").build(),
                ResourceSpec.of("v1", "Endpoints", "endpoints").shortNames("ep").build(),
                ResourceSpec.of("v1", "Event", "events").shortNames("ev").build(),
                ResourceSpec.of("v1", "LimitRange", "limitranges").shortNames("limits").build(),
                ResourceSpec.of("v1", "Namespace", "namespaces").clusterScoped().shortNames("ns")
                        .verbs(NO_DELETECOLLECTION)
                        .subresource("finalize", namespace, "update").status().build(),
                ResourceSpec.of("v1", "Node", "nodes").clusterScoped().shortNames("no").status().build(),
                ResourceSpec.of("v1", "PersistentVolumeClaim", "persistentvolumeclaims").shortNames("pvc")
                        .status().build(),
                ResourceSpec.of("v1", "PersistentVolume", "persistentvolumes").clusterScoped().shortNames("pv")
                        .status().build(),
                ResourceSpec.of("v1", "Pod", "pods").shortNames("po").categories("all")
                        .subresource("binding", binding, "create")
                        .subresource("eviction", eviction, "create")
                        .subresource("exec", podExecOptions, "create", "get")
                        .subresource("portforward", podPortForwardOptions, "create", "get")
                        .subresource("attach", podAttachOptions, "create", "get")
                        .subresource("log", pod, "get")
                        .status().build(),
                ResourceSpec.of("v1", "PodTemplate", "podtemplates").build(),
                ResourceSpec.of("v1", "ReplicationController", "replicationcontrollers").shortNames("rc")
                        .categories("all").scale().status().build(),
                ResourceSpec.of("v1", "ResourceQuota", "resourcequotas").shortNames("quota").status().build(),
                ResourceSpec.of("v1", "Secret", "secrets").build(),
                ResourceSpec.of("v1", "ServiceAccount", "serviceaccounts").shortNames("sa").build(),
                ResourceSpec.of("v1", "Service", "services").shortNames("svc").categories("all").status().build(),
                // apps/v1
                ResourceSpec.of("apps/v1", "ControllerRevision", "controllerrevisions").build(),
                ResourceSpec.of("apps/v1", "DaemonSet", "daemonsets").shortNames("ds").categories("all")
                        .status().build(),
                ResourceSpec.of("apps/v1", "Deployment", "deployments").shortNames("deploy").categories("all")
                        .scale().status().build(),
                ResourceSpec.of("apps/v1", "ReplicaSet", "replicasets").shortNames("rs").categories("all")
                        .scale().status().build(),
                ResourceSpec.of("apps/v1", "StatefulSet", "statefulsets").shortNames("sts").categories("all")
                        .scale().status().build(),
                // events.k8s.io/v1
                ResourceSpec.of("events.k8s.io/v1", "Event", "events").shortNames("ev").build(),
                // authentication.k8s.io/v1, authorization.k8s.io/v1
                ResourceSpec.of("authentication.k8s.io/v1", "SelfSubjectReview", "selfsubjectreviews")
                        .clusterScoped().verbs(CREATE_ONLY).build(),
                ResourceSpec.of("authentication.k8s.io/v1", "TokenReview", "tokenreviews")
                        .clusterScoped().verbs(CREATE_ONLY).build(),
                ResourceSpec.of("authorization.k8s.io/v1", "LocalSubjectAccessReview", "localsubjectaccessreviews")
                        .verbs(CREATE_ONLY).build(),
                ResourceSpec.of("authorization.k8s.io/v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews")
                        .clusterScoped().verbs(CREATE_ONLY).build(),
                ResourceSpec.of("authorization.k8s.io/v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews")
                        .clusterScoped().verbs(CREATE_ONLY).build(),
                ResourceSpec.of("authorization.k8s.io/v1", "SubjectAccessReview", "subjectaccessreviews")
                        .clusterScoped().verbs(CREATE_ONLY).build(),
                // autoscaling/v2 (preferred) and v1
                ResourceSpec.of("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers")
                        .shortNames("hpa").categories("all").status().build(),
                ResourceSpec.of("autoscaling/v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers")
                        .shortNames("hpa").categories("all").status().build(),
                // batch/v1
                ResourceSpec.of("batch/v1", "CronJob", "cronjobs").shortNames("cj").categories("all")
                        .status().build(),
                ResourceSpec.of("batch/v1", "Job", "jobs").categories("all").status().build(),
                // networking.k8s.io/v1
                ResourceSpec.of("networking.k8s.io/v1", "IngressClass", "ingressclasses").clusterScoped().build(),
                ResourceSpec.of("networking.k8s.io/v1", "Ingress", "ingresses").shortNames("ing").status().build(),
                ResourceSpec.of("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies").shortNames("netpol")
                        .build(),
                // policy/v1
                ResourceSpec.of("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets").shortNames("pdb")
                        .status().build(),
                // rbac.authorization.k8s.io/v1
                ResourceSpec.of("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings")
                        .clusterScoped().build(),
                ResourceSpec.of("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles").clusterScoped()
                        .build(),
                ResourceSpec.of("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings").build(),
                ResourceSpec.of("rbac.authorization.k8s.io/v1", "Role", "roles").build(),
                // storage.k8s.io/v1
                ResourceSpec.of("storage.k8s.io/v1", "StorageClass", "storageclasses").clusterScoped()
                        .shortNames("sc").build(),
                // apiextensions.k8s.io/v1
                ResourceSpec.of("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                                "customresourcedefinitions").clusterScoped().shortNames("crd", "crds")
                        .categories("api-extensions").status().build(),
                // scheduling.k8s.io/v1
                ResourceSpec.of("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses").clusterScoped()
                        .shortNames("pc").build(),
                // coordination.k8s.io/v1
                ResourceSpec.of("coordination.k8s.io/v1", "Lease", "leases").build(),
                // discovery.k8s.io/v1
                ResourceSpec.of("discovery.k8s.io/v1", "EndpointSlice", "endpointslices").build());
    }

    /** Resources that are not stored (request/response kinds such as reviews and bindings). */
    public static boolean isVirtual(ApiResource r) {
        return r.verbs().equals(List.of("create"));
    }
}
