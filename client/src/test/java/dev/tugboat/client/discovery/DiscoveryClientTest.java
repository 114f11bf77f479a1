package dev.tugboat.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiscoveryClientTest {

    static TestApiServer server;
    static DiscoveryClient discovery;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        discovery = new DiscoveryClient(server.client());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void builtInResourcesAreFoundWithScopeVerbsAndSubresources() {
        ApiResources all = discovery.discover();

        ApiResource pods = all.forResource(new GroupVersionResource("", "v1", "pods")).orElseThrow();
        assertThat(pods.namespaced()).isTrue();
        assertThat(pods.kind()).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
        assertThat(pods.verbs()).contains("list", "watch", "delete", "deletecollection");
        assertThat(pods.hasSubresource("status")).isTrue();
        ApiResource namespaces = all.forKind(new GroupVersionKind("", "v1", "Namespace")).orElseThrow();
        assertThat(namespaces.namespaced()).isFalse();
        assertThat(namespaces.plural()).isEqualTo("namespaces");
        assertThat(all.forKind(new GroupVersionKind("apps", "v1", "Deployment"))).map(ApiResource::plural)
                .contains("deployments");
    }

    @Test
    void preferredResourcesHaveOneVersionPerGroup() {
        ApiResources all = discovery.discover();

        assertThat(all.preferred()).containsEntry("", "v1").containsEntry("apps", "v1");
        List<ApiResource> preferred = all.preferredResources();
        assertThat(preferred).allSatisfy(r ->
                assertThat(r.kind().version()).isEqualTo(all.preferred().get(r.kind().group())));
        assertThat(all.preferredWithVerbs(List.of("list", "watch", "delete")))
                .extracting(ApiResource::plural).contains("pods", "configmaps", "deployments")
                .doesNotContain("bindings");
    }

    @Test
    void aNewCustomResourceDefinitionAppearsInDiscovery() {
        ObjectNode crd = Json.object();
        crd.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", "widgets.example.com");
        ObjectNode spec = crd.putObject("spec").put("group", "example.com").put("scope", "Namespaced");
        spec.putObject("names").put("plural", "widgets").put("singular", "widget").put("kind", "Widget")
                .put("listKind", "WidgetList");
        ObjectNode v = spec.putArray("versions").addObject().put("name", "v1").put("served", true)
                .put("storage", true);
        v.putObject("schema").putObject("openAPIV3Schema").put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true);
        server.client().resource(new GroupVersionResource("apiextensions.k8s.io", "v1", "customresourcedefinitions"))
                .create("", crd);

        Poll.until("widgets in discovery", () -> discovery.discover()
                .forKind(new GroupVersionKind("example.com", "v1", "Widget")).isPresent());
        ApiResource widgets = discovery.discover().forKind(new GroupVersionKind("example.com", "v1", "Widget"))
                .orElseThrow();
        assertThat(widgets.plural()).isEqualTo("widgets");
        assertThat(widgets.namespaced()).isTrue();
    }
}
