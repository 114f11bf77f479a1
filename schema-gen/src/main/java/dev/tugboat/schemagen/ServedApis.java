package dev.tugboat.schemagen;

import java.util.List;
import java.util.Map;

/** The group-versions Tugboat serves, with the client API class that lists their kinds. */
final class ServedApis {

    /** One served group-version. {@code apiClass} is the simple name of the client's API class. */
    record Served(String apiClass, String group, String version) {
    }

    static final List<Served> ALL = List.of(
            new Served("CoreV1Api", "", "v1"),
            new Served("AppsV1Api", "apps", "v1"),
            new Served("BatchV1Api", "batch", "v1"),
            new Served("NetworkingV1Api", "networking.k8s.io", "v1"),
            new Served("DiscoveryV1Api", "discovery.k8s.io", "v1"),
            new Served("CoordinationV1Api", "coordination.k8s.io", "v1"),
            new Served("AutoscalingV1Api", "autoscaling", "v1"),
            new Served("AutoscalingV2Api", "autoscaling", "v2"),
            new Served("PolicyV1Api", "policy", "v1"),
            new Served("RbacAuthorizationV1Api", "rbac.authorization.k8s.io", "v1"),
            new Served("StorageV1Api", "storage.k8s.io", "v1"),
            new Served("SchedulingV1Api", "scheduling.k8s.io", "v1"),
            new Served("EventsV1Api", "events.k8s.io", "v1"),
            new Served("ApiextensionsV1Api", "apiextensions.k8s.io", "v1"),
            new Served("AuthorizationV1Api", "authorization.k8s.io", "v1"),
            new Served("AuthenticationV1Api", "authentication.k8s.io", "v1"),
            new Served("AdmissionregistrationV1Api", "admissionregistration.k8s.io", "v1"),
            new Served("CertificatesV1Api", "certificates.k8s.io", "v1"),
            new Served("NodeV1Api", "node.k8s.io", "v1"),
            new Served("FlowcontrolApiserverV1Api", "flowcontrol.apiserver.k8s.io", "v1"));

    /**
     * Kinds that have no list operation of their own (create-only reviews, subresource bodies):
     * Java simple name → group/version.
     */
    static final Map<String, String> UNLISTED_KINDS = Map.ofEntries(
            Map.entry("V1Binding", "/v1"),
            Map.entry("V1Eviction", "policy/v1"),
            Map.entry("V1Scale", "autoscaling/v1"),
            Map.entry("AuthenticationV1TokenRequest", "authentication.k8s.io/v1"),
            Map.entry("V1TokenReview", "authentication.k8s.io/v1"),
            Map.entry("V1SelfSubjectReview", "authentication.k8s.io/v1"),
            Map.entry("V1SubjectAccessReview", "authorization.k8s.io/v1"),
            Map.entry("V1SelfSubjectAccessReview", "authorization.k8s.io/v1"),
            Map.entry("V1LocalSubjectAccessReview", "authorization.k8s.io/v1"),
            Map.entry("V1SelfSubjectRulesReview", "authorization.k8s.io/v1"));

    /** meta/v1 kinds served in the core group only. */
    static final List<String> CORE_META_KINDS =
            List.of("V1Status", "V1APIResourceList", "V1APIGroup", "V1APIGroupList", "V1APIVersions");

    /** meta/v1 kinds that every group-version serves (request and event envelopes). */
    static final List<String> EVERY_GROUP_META_KINDS = List.of("V1DeleteOptions", "V1WatchEvent");

    /** The Go package (as in upstream definition names) of each served group. */
    static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("", "io.k8s.api.core"),
            Map.entry("apps", "io.k8s.api.apps"),
            Map.entry("batch", "io.k8s.api.batch"),
            Map.entry("networking.k8s.io", "io.k8s.api.networking"),
            Map.entry("discovery.k8s.io", "io.k8s.api.discovery"),
            Map.entry("coordination.k8s.io", "io.k8s.api.coordination"),
            Map.entry("autoscaling", "io.k8s.api.autoscaling"),
            Map.entry("policy", "io.k8s.api.policy"),
            Map.entry("rbac.authorization.k8s.io", "io.k8s.api.rbac"),
            Map.entry("storage.k8s.io", "io.k8s.api.storage"),
            Map.entry("scheduling.k8s.io", "io.k8s.api.scheduling"),
            Map.entry("events.k8s.io", "io.k8s.api.events"),
            Map.entry("apiextensions.k8s.io", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions"),
            Map.entry("authorization.k8s.io", "io.k8s.api.authorization"),
            Map.entry("authentication.k8s.io", "io.k8s.api.authentication"),
            Map.entry("admissionregistration.k8s.io", "io.k8s.api.admissionregistration"),
            Map.entry("certificates.k8s.io", "io.k8s.api.certificates"),
            Map.entry("node.k8s.io", "io.k8s.api.node"),
            Map.entry("flowcontrol.apiserver.k8s.io", "io.k8s.api.flowcontrol"));

    /** The client's disambiguating class-name prefixes (e.g. {@code CoreV1Event}) → group. */
    static final Map<String, String> CLASS_PREFIXES = Map.ofEntries(
            Map.entry("Core", ""),
            Map.entry("Events", "events.k8s.io"),
            Map.entry("Discovery", "discovery.k8s.io"),
            Map.entry("Admissionregistration", "admissionregistration.k8s.io"),
            Map.entry("Apiextensions", "apiextensions.k8s.io"),
            Map.entry("Authentication", "authentication.k8s.io"),
            Map.entry("Flowcontrol", "flowcontrol.apiserver.k8s.io"),
            Map.entry("Rbac", "rbac.authorization.k8s.io"),
            Map.entry("Storage", "storage.k8s.io"));

    /** Types of k8s.io/apimachinery meta/v1 (by type name, version v1). */
    static final List<String> META_TYPES = List.of(
            "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "Condition",
            "OwnerReference", "ManagedFieldsEntry", "DeleteOptions", "Preconditions", "Status",
            "StatusDetails", "StatusCause", "APIResource", "APIResourceList", "APIGroup", "APIGroupList",
            "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR", "WatchEvent",
            "FieldSelectorRequirement");

    /**
     * Core types that only other groups' kinds reach, so the reachability rule would place them
     * in that group.
     */
    static final List<String> CORE_TYPES_USED_ELSEWHERE =
            List.of("TopologySelectorTerm", "TopologySelectorLabelRequirement");

    private ServedApis() {
    }
}
