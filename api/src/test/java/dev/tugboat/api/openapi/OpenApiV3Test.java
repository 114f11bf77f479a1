package dev.tugboat.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersion;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.api.resource.ApiResource.Subresource;
import dev.tugboat.api.schema.BuiltinSchemas;
import dev.tugboat.api.schema.CompositeSchemas;
import dev.tugboat.api.schema.CustomResourceSchemas;
import dev.tugboat.api.schema.OpenApiDefinitions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenApiV3Test {

    static final BuiltinSchemas BUILTINS = BuiltinSchemas.load();
    static final GroupVersionKind POD = new GroupVersionKind("", "v1", "Pod");
    static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps", "v1", "Deployment");
    static final GroupVersionKind WIDGET = new GroupVersionKind("example.com", "v1", "Widget");
    static final List<String> SUB_RW = List.of("get", "patch", "update");

    static List<ApiResource> builtinResources() {
        return List.of(
                new ApiResource(POD, "pods", "pod", true, List.of("po"), List.of("all"), ApiResource.ALL_VERBS, List.of(
                        new Subresource("status", POD, SUB_RW),
                        new Subresource("binding", new GroupVersionKind("", "v1", "Binding"), List.of("create")),
                        new Subresource("eviction", new GroupVersionKind("policy", "v1", "Eviction"), List.of("create")),
                        new Subresource("log", POD, List.of("get")),
                        new Subresource("exec", new GroupVersionKind("", "v1", "PodExecOptions"), List.of("create", "get")))),
                new ApiResource(new GroupVersionKind("", "v1", "Namespace"), "namespaces", "namespace", false,
                        List.of("ns"), List.of(), List.of("create", "delete", "get", "list", "patch", "update", "watch"),
                        List.of()),
                new ApiResource(DEPLOYMENT, "deployments", "deployment", true, List.of("deploy"), List.of("all"),
                        ApiResource.ALL_VERBS, List.of(new Subresource("status", DEPLOYMENT, SUB_RW),
                        new Subresource("scale", new GroupVersionKind("autoscaling", "v1", "Scale"), SUB_RW))));
    }

    static final String CRD = """
            {"spec":{"group":"example.com","names":{"kind":"Widget","plural":"widgets"},
             "versions":[{"name":"v1","served":true,"schema":{"openAPIV3Schema":{"type":"object",
               "properties":{"spec":{"type":"object","description":"The widget's desired state.",
                 "properties":{"size":{"type":"integer","description":"How big."}}}}}}}]}}""";

    static CompositeSchemas withWidgets() throws IOException {
        return new CompositeSchemas(BUILTINS, CustomResourceSchemas.fromCrd(Json.parse(CRD.getBytes()), BUILTINS));
    }

    static List<ApiResource> withWidgetResource() {
        List<ApiResource> all = new ArrayList<>(builtinResources());
        all.add(new ApiResource(WIDGET, "widgets", "widget", true, List.of(), List.of(), ApiResource.ALL_VERBS,
                List.of(new Subresource("status", WIDGET, SUB_RW))));
        return all;
    }

    static JsonNode doc(OpenApiV3 api, String path) throws IOException {
        return Json.parse(api.document(path).orElseThrow());
    }

    @Test
    void indexLinksEveryGroupVersionWithItsContentHash() throws IOException {
        OpenApiV3 api = OpenApiV3.build(builtinResources(), BUILTINS);
        JsonNode index = Json.parse(api.index());
        assertThat(index.path("paths").properties().stream().map(java.util.Map.Entry::getKey).toList()).containsExactly("api/v1", "apis/apps/v1");
        assertThat(index.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText())
                .isEqualTo("/openapi/v3/apis/apps/v1?hash=" + api.hash("apis/apps/v1").orElseThrow());
        assertThat(api.hash("api/v1").orElseThrow()).matches("[0-9A-F]{128}");
    }

    @Test
    void hashesAreStableAndChangeWithContent() throws IOException {
        OpenApiV3 first = OpenApiV3.build(builtinResources(), BUILTINS);
        OpenApiV3 again = OpenApiV3.build(builtinResources(), BUILTINS);
        assertThat(again.index()).isEqualTo(first.index());
        assertThat(again.document("api/v1").orElseThrow()).isEqualTo(first.document("api/v1").orElseThrow());
        List<ApiResource> fewer = builtinResources().stream().filter(r -> !r.plural().equals("namespaces")).toList();
        OpenApiV3 changed = OpenApiV3.build(fewer, BUILTINS);
        assertThat(changed.hash("api/v1")).isNotEqualTo(first.hash("api/v1"));
        assertThat(changed.hash("apis/apps/v1")).isEqualTo(first.hash("apis/apps/v1"));
    }

    record PatchCase(String doc, String path, GroupVersionKind gvk, boolean strategicMerge) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Stream<PatchCase> patchPaths() {
        return Stream.of(
                new PatchCase("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", DEPLOYMENT, true),
                new PatchCase("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
                        new GroupVersionKind("autoscaling", "v1", "Scale"), true),
                new PatchCase("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}", POD, true),
                new PatchCase("api/v1", "/api/v1/namespaces/{name}", new GroupVersionKind("", "v1", "Namespace"), true),
                new PatchCase("apis/example.com/v1", "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}", WIDGET,
                        false),
                new PatchCase("apis/example.com/v1", "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status",
                        WIDGET, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patchPaths")
    void patchOperationsCarryTheKindAndFieldValidationAndSmpOnlyForBuiltins(PatchCase c) throws IOException {
        OpenApiV3 api = OpenApiV3.build(withWidgetResource(), withWidgets());
        JsonNode patch = doc(api, c.doc()).path("paths").path(c.path()).path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind")).isEqualTo(Json.MAPPER.valueToTree(
                java.util.Map.of("group", c.gvk().group(), "kind", c.gvk().kind(), "version", c.gvk().version())));
        assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(names(patch.path("parameters"))).contains("fieldValidation", "fieldManager", "dryRun", "force");
        assertThat(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"))
                .isEqualTo(c.strategicMerge());
        assertThat(patch.path("requestBody").path("content").properties().stream().map(java.util.Map.Entry::getKey).toList())
                .contains("application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json");
    }

    @Test
    void everyOperationHasAnIdAnActionAndAKind() throws IOException {
        OpenApiV3 api = OpenApiV3.build(withWidgetResource(), withWidgets());
        int operations = 0;
        for (String path : api.paths()) {
            for (JsonNode item : doc(api, path).path("paths")) {
                for (String method : List.of("get", "put", "post", "patch", "delete")) {
                    JsonNode op = item.path(method);
                    if (op.isMissingNode()) {
                        continue;
                    }
                    operations++;
                    assertThat(op.path("operationId").asText()).isNotEmpty();
                    assertThat(op.path("x-kubernetes-action").asText()).isNotEmpty();
                    assertThat(op.path("x-kubernetes-group-version-kind").path("kind").asText()).isNotEmpty();
                }
            }
        }
        assertThat(operations).isGreaterThan(40);
    }

    @Test
    void operationIdsFollowUpstreamNaming() throws IOException {
        OpenApiV3 api = OpenApiV3.build(builtinResources(), BUILTINS);
        Set<String> ids = new TreeSet<>();
        for (String path : api.paths()) {
            doc(api, path).path("paths").forEach(item -> item.forEach(op -> {
                if (op.has("operationId")) {
                    ids.add(op.path("operationId").asText());
                }
            }));
        }
        assertThat(ids).contains("readAppsV1NamespacedDeployment", "listAppsV1DeploymentForAllNamespaces",
                "deleteCoreV1CollectionNamespacedPod", "createCoreV1NamespacedPodEviction",
                "createCoreV1NamespacedPodBinding", "readCoreV1NamespacedPodLog", "patchAppsV1NamespacedDeploymentScale",
                "replaceAppsV1NamespacedDeploymentStatus", "readCoreV1Namespace", "watchCoreV1NamespacedPodList",
                "connectGetCoreV1NamespacedPodExec", "connectPostCoreV1NamespacedPodExec");
    }

    @Test
    void listAndDeleteOperationsListTheirQueryParameters() throws IOException {
        JsonNode pods = doc(OpenApiV3.build(builtinResources(), BUILTINS), "api/v1").path("paths")
                .path("/api/v1/namespaces/{namespace}/pods");
        assertThat(names(pods.path("get").path("parameters"))).contains("labelSelector", "fieldSelector", "limit",
                "continue", "resourceVersion", "resourceVersionMatch", "watch", "allowWatchBookmarks", "timeoutSeconds",
                "sendInitialEvents");
        assertThat(names(pods.path("delete").path("parameters"))).contains("gracePeriodSeconds", "propagationPolicy",
                "orphanDependents", "dryRun", "labelSelector");
        assertThat(pods.path("delete").path("x-kubernetes-action").asText()).isEqualTo("deletecollection");
        assertThat(names(pods.path("parameters"))).containsExactly("namespace", "pretty");
        assertThat(names(pods.path("post").path("parameters"))).containsExactly("dryRun", "fieldManager", "fieldValidation");
    }

    @Test
    void documentsCarryTheClosureOfReferencedSchemasForExplain() throws IOException {
        for (String path : List.of("api/v1", "apis/apps/v1", "apis/example.com/v1")) {
            JsonNode d = doc(OpenApiV3.build(withWidgetResource(), withWidgets()), path);
            Set<String> refs = new TreeSet<>();
            collectRefs(d, refs);
            assertThat(d.path("components").path("schemas").properties().stream().map(java.util.Map.Entry::getKey).toList()).containsAll(refs);
        }
        JsonNode apps = doc(OpenApiV3.build(builtinResources(), BUILTINS), "apis/apps/v1").path("components").path("schemas");
        JsonNode deployment = apps.path("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Deployment");
        JsonNode strategy = apps.path("io.k8s.api.apps.v1.DeploymentSpec").path("properties").path("strategy");
        assertThat(strategy.path("allOf").get(0).path("$ref").asText()).endsWith("io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(apps.path("io.k8s.api.apps.v1.DeploymentStrategy").path("properties").path("rollingUpdate")
                .path("description").asText()).isNotEmpty();
        JsonNode widget = doc(OpenApiV3.build(withWidgetResource(), withWidgets()), "apis/example.com/v1")
                .path("components").path("schemas").path("com.example.v1.Widget");
        assertThat(widget.path("properties").path("spec").path("properties").path("size").path("description").asText())
                .isEqualTo("How big.");
        assertThat(widget.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
                .endsWith("meta.v1.ObjectMeta");
    }

    @Test
    void buildsAllBuiltinGroupVersionsQuickly() {
        List<ApiResource> all = everyBuiltinKind(BUILTINS);
        long start = System.nanoTime();
        OpenApiV3 api = OpenApiV3.build(all, BUILTINS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes = api.paths().stream().mapToLong(p -> api.document(p).orElseThrow().length).sum();
        System.out.println("OpenApiV3.build: " + all.size() + " resources, " + api.paths().size() + " documents, "
                + bytes + " bytes in " + millis + " ms");
        assertThat(api.paths()).contains("api/v1", "apis/apps/v1", "apis/rbac.authorization.k8s.io/v1",
                "apis/apiextensions.k8s.io/v1");
        assertThat(millis).isLessThan(10_000);
    }

    /** A resource for every built-in kind that has a list kind (a stand-in for the real registry). */
    static List<ApiResource> everyBuiltinKind(OpenApiDefinitions defs) {
        List<ApiResource> out = new ArrayList<>();
        for (String name : BUILTINS.definitionNames()) {
            JsonNode json = defs.definitionJson(name).orElseThrow();
            for (JsonNode g : json.path("x-kubernetes-group-version-kind")) {
                String kind = g.path("kind").asText();
                GroupVersionKind gvk = new GroupVersionKind(g.path("group").asText(), g.path("version").asText(), kind);
                if (!kind.endsWith("List") && defs.definitionName(new GroupVersionKind(gvk.group(), gvk.version(),
                        kind + "List")).isPresent()) {
                    out.add(new ApiResource(gvk, kind.toLowerCase(Locale.ROOT) + "s", kind.toLowerCase(Locale.ROOT), true,
                            List.of(), List.of(), ApiResource.ALL_VERBS, List.of(new Subresource("status", gvk, SUB_RW))));
                }
            }
        }
        return out;
    }

    private static List<String> names(JsonNode params) {
        List<String> out = new ArrayList<>();
        params.forEach(p -> out.add(p.path("name").asText()));
        return out;
    }

    private static void collectRefs(JsonNode n, Set<String> out) {
        if (n.isObject() && n.path("$ref").isTextual()) {
            out.add(n.path("$ref").asText().substring("#/components/schemas/".length()));
        }
        n.forEach(c -> collectRefs(c, out));
    }

    @Test
    void pathOfAGroupVersion() {
        assertThat(OpenApiV3.path(new GroupVersion("", "v1"))).isEqualTo("api/v1");
        assertThat(OpenApiV3.path(new GroupVersion("apps", "v1"))).isEqualTo("apis/apps/v1");
    }
}
