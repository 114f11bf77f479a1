package dev.tugboat.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinSchemasTest {

    static final BuiltinSchemas BUILTINS = BuiltinSchemas.load();
    static final String CORE = "io.k8s.api.core.v1.";
    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    /** A list field and the semantics upstream gives it. */
    record ListCase(String definition, String field, Schema.ListType type, List<String> keys, String patchStrategy,
                    String mergeKey) {
        @Override
        public String toString() {
            return definition.substring(definition.lastIndexOf('.') + 1) + "." + field;
        }
    }

    static Stream<ListCase> lists() {
        return Stream.of(
                new ListCase(CORE + "PodSpec", "containers", Schema.ListType.MAP, List.of("name"), "merge", "name"),
                new ListCase(CORE + "PodSpec", "initContainers", Schema.ListType.MAP, List.of("name"), "merge", "name"),
                new ListCase(CORE + "PodSpec", "volumes", Schema.ListType.MAP, List.of("name"), "merge,retainKeys", "name"),
                new ListCase(CORE + "PodSpec", "tolerations", Schema.ListType.ATOMIC, List.of(), null, null),
                new ListCase(CORE + "PodSpec", "topologySpreadConstraints", Schema.ListType.MAP,
                        List.of("topologyKey", "whenUnsatisfiable"), "merge", "topologyKey"),
                new ListCase(CORE + "Container", "ports", Schema.ListType.MAP, List.of("containerPort", "protocol"),
                        "merge", "containerPort"),
                new ListCase(CORE + "Container", "env", Schema.ListType.MAP, List.of("name"), "merge", "name"),
                new ListCase(CORE + "Container", "volumeMounts", Schema.ListType.MAP, List.of("mountPath"), "merge", "mountPath"),
                new ListCase(CORE + "Container", "args", Schema.ListType.ATOMIC, List.of(), null, null),
                new ListCase(CORE + "ServiceSpec", "ports", Schema.ListType.MAP, List.of("port", "protocol"), "merge", "port"),
                new ListCase(CORE + "PodStatus", "hostIPs", Schema.ListType.ATOMIC, List.of(), "merge", "ip"),
                new ListCase(CORE + "PodStatus", "podIPs", Schema.ListType.MAP, List.of("ip"), "merge", "ip"),
                new ListCase(CORE + "NodeSpec", "podCIDRs", Schema.ListType.SET, List.of(), "merge", null),
                new ListCase(CORE + "NodeSpec", "taints", Schema.ListType.ATOMIC, List.of(), null, null),
                new ListCase(META + "ObjectMeta", "finalizers", Schema.ListType.SET, List.of(), "merge", null),
                new ListCase(META + "ObjectMeta", "ownerReferences", Schema.ListType.MAP, List.of("uid"), "merge", "uid"),
                new ListCase("io.k8s.api.apps.v1.DeploymentStatus", "conditions", Schema.ListType.MAP, List.of("type"),
                        "merge", "type"),
                new ListCase("io.k8s.api.batch.v1.JobStatus", "conditions", Schema.ListType.ATOMIC, List.of(), "merge", "type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void listFieldsCarryUpstreamMergeAndApplySemantics(ListCase c) {
        Schema.ListOf list = (Schema.ListOf) SchemaWalker.field(BUILTINS.definition(c.definition()).orElseThrow(), c.field())
                .orElseThrow().resolved();
        assertThat(list.type()).isEqualTo(c.type());
        assertThat(list.keys()).isEqualTo(c.keys());
        assertThat(list.patchStrategy()).isEqualTo(c.patchStrategy());
        assertThat(list.patchMergeKey()).isEqualTo(c.mergeKey());
    }

    @Test
    void containerPortProtocolDefaultsToTcp() {
        Schema.Property protocol = SchemaWalker.property(BUILTINS.definition(CORE + "ContainerPort").orElseThrow(),
                "protocol").orElseThrow();
        assertThat(protocol.defaultValue().asText()).isEqualTo("TCP");
        assertThat(SchemaWalker.property(BUILTINS.definition(CORE + "ServicePort").orElseThrow(), "protocol")
                .orElseThrow().defaultValue().asText()).isEqualTo("TCP");
    }

    @Test
    void nodeSelectorIsAnAtomicMapAndLabelsAGranularOne() {
        Schema.MapOf nodeSelector = (Schema.MapOf) SchemaWalker.path(podSpec(), "nodeSelector").orElseThrow().resolved();
        assertThat(nodeSelector.atomic()).isTrue();
        Schema.MapOf labels = (Schema.MapOf) SchemaWalker.path(BUILTINS.definition(META + "ObjectMeta").orElseThrow(),
                "labels").orElseThrow().resolved();
        assertThat(labels.atomic()).isFalse();
    }

    @Test
    void labelSelectorAndOwnerReferenceAreAtomicStructs() {
        assertThat(((Schema.Struct) BUILTINS.definition(META + "LabelSelector").orElseThrow()).atomic()).isTrue();
        assertThat(((Schema.Struct) BUILTINS.definition(META + "OwnerReference").orElseThrow()).atomic()).isTrue();
        assertThat(((Schema.Struct) BUILTINS.definition(CORE + "PodSpec").orElseThrow()).atomic()).isFalse();
    }

    @Test
    void claimRefIsGranularThoughObjectReferenceIsAtomic() {
        Schema claimRef = SchemaWalker.path(BUILTINS.definition(CORE + "PersistentVolumeSpec").orElseThrow(), "claimRef")
                .orElseThrow().resolved();
        assertThat(((Schema.Struct) claimRef).atomic()).isFalse();
        assertThat(((Schema.Struct) BUILTINS.definition(CORE + "ObjectReference").orElseThrow()).atomic()).isTrue();
    }

    @Test
    void deploymentStrategyRetainsKeysAndIsKnownAsAppsV1Deployment() {
        Schema deployment = BUILTINS.forKind(new GroupVersionKind("apps", "v1", "Deployment")).orElseThrow();
        assertThat(((Schema.Struct) deployment).name()).isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(((Schema.Struct) deployment).gvks()).containsExactly(new GroupVersionKind("apps", "v1", "Deployment"));
        Schema.Property strategy = SchemaWalker.property(SchemaWalker.path(deployment, "spec").orElseThrow(), "strategy")
                .orElseThrow();
        assertThat(strategy.patchStrategy()).isEqualTo("retainKeys");
        JsonNode published = BUILTINS.definitionJson("io.k8s.api.apps.v1.DeploymentSpec").orElseThrow()
                .path("properties").path("strategy");
        assertThat(published.path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(published.path("x-kubernetes-patch-strategy").asText()).isEqualTo("retainKeys");
    }

    record KindCase(String group, String version, String kind, String definition) {
    }

    static Stream<KindCase> kinds() {
        return Stream.of(
                new KindCase("", "v1", "Pod", CORE + "Pod"),
                new KindCase("", "v1", "PodList", CORE + "PodList"),
                new KindCase("", "v1", "Binding", CORE + "Binding"),
                new KindCase("", "v1", "Event", CORE + "Event"),
                new KindCase("events.k8s.io", "v1", "Event", "io.k8s.api.events.v1.Event"),
                new KindCase("autoscaling", "v1", "Scale", "io.k8s.api.autoscaling.v1.Scale"),
                new KindCase("autoscaling", "v2", "HorizontalPodAutoscaler", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler"),
                new KindCase("policy", "v1", "Eviction", "io.k8s.api.policy.v1.Eviction"),
                new KindCase("authentication.k8s.io", "v1", "TokenRequest", "io.k8s.api.authentication.v1.TokenRequest"),
                new KindCase("authorization.k8s.io", "v1", "SelfSubjectAccessReview",
                        "io.k8s.api.authorization.v1.SelfSubjectAccessReview"),
                new KindCase("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"),
                new KindCase("", "v1", "Status", META + "Status"),
                new KindCase("apps", "v1", "DeleteOptions", META + "DeleteOptions"),
                new KindCase("rbac.authorization.k8s.io", "v1", "ClusterRole", "io.k8s.api.rbac.v1.ClusterRole"),
                new KindCase("discovery.k8s.io", "v1", "EndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice"));
    }

    @ParameterizedTest(name = "{2} {0}/{1}")
    @MethodSource("kinds")
    void servedKindsMapToUpstreamDefinitionNames(KindCase c) {
        GroupVersionKind gvk = new GroupVersionKind(c.group(), c.version(), c.kind());
        assertThat(BUILTINS.definitionName(gvk)).contains(c.definition());
        assertThat(BUILTINS.forKind(gvk)).isPresent();
    }

    @Test
    void specialTypesHaveUpstreamShapes() {
        assertThat(BUILTINS.definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString").orElseThrow())
                .isEqualTo(new Schema.Scalar(Schema.ScalarType.INT_OR_STRING, "int-or-string",
                        BUILTINS.definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString").orElseThrow().description()));
        assertThat(((Schema.Scalar) BUILTINS.definition("io.k8s.apimachinery.pkg.api.resource.Quantity").orElseThrow()).type())
                .isEqualTo(Schema.ScalarType.QUANTITY);
        Schema.Scalar time = (Schema.Scalar) BUILTINS.definition(META + "Time").orElseThrow();
        assertThat(time.type()).isEqualTo(Schema.ScalarType.STRING);
        assertThat(time.format()).isEqualTo("date-time");
        assertThat(BUILTINS.definition("io.k8s.apimachinery.pkg.runtime.RawExtension").orElseThrow())
                .isInstanceOf(Schema.Untyped.class);
        JsonNode eventTime = BUILTINS.definitionJson(CORE + "Event").orElseThrow().path("properties").path("eventTime");
        assertThat(eventTime.path("allOf").get(0).path("$ref").asText()).endsWith("meta.v1.MicroTime");
        JsonNode caBundle = BUILTINS.definitionJson("io.k8s.api.admissionregistration.v1.WebhookClientConfig")
                .orElseThrow().path("properties").path("caBundle");
        assertThat(caBundle.path("format").asText()).isEqualTo("byte");
    }

    @Test
    void everyReferenceResolves() {
        for (String name : BUILTINS.definitionNames()) {
            resolveAll(BUILTINS.definition(name).orElseThrow(), 0);
        }
    }

    private static void resolveAll(Schema s, int depth) {
        if (depth > 2) {
            return;
        }
        switch (s.resolved()) {
            case Schema.Struct st -> st.properties().values().forEach(p -> resolveAll(p.schema(), depth + 1));
            case Schema.ListOf l -> resolveAll(l.items(), depth + 1);
            case Schema.MapOf m -> resolveAll(m.values(), depth + 1);
            default -> {
            }
        }
    }

    @Test
    void loadsQuickly() {
        long start = System.nanoTime();
        BuiltinSchemas.load();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("BuiltinSchemas.load took " + millis + " ms");
        assertThat(millis).isLessThan(2000);
    }

    private static Schema podSpec() {
        return BUILTINS.definition(CORE + "PodSpec").orElseThrow();
    }
}
