package dev.tugboat.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomResourceSchemasTest {

    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets, listKind: WidgetList}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
                          port: {x-kubernetes-int-or-string: true}
                          tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
                          ports:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              required: [name]
                              properties: {name: {type: string}, number: {type: integer}}
                          selector:
                            type: object
                            x-kubernetes-map-type: atomic
                            additionalProperties: {type: string}
                          config:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                          template:
                            type: object
                            x-kubernetes-embedded-resource: true
                            x-kubernetes-preserve-unknown-fields: true
                      status:
                        type: object
                        properties:
                          ready: {type: boolean}
              - name: v0
                served: false
                storage: false
            """;

    static final BuiltinSchemas BUILTINS = BuiltinSchemasTest.BUILTINS;

    static List<CustomResourceSchema> schemas() throws IOException {
        JsonNode crd = Json.YAML.readTree(CRD.getBytes(StandardCharsets.UTF_8));
        return CustomResourceSchemas.fromCrd(crd, BUILTINS);
    }

    @Test
    void onlyServedVersionsGetSchemasNamedLikeUpstream() throws IOException {
        List<CustomResourceSchema> all = schemas();
        assertThat(all).extracting(CustomResourceSchema::gvk)
                .containsExactly(new GroupVersionKind("example.com", "v1", "Widget"));
        CustomResourceSchema w = all.getFirst();
        assertThat(w.definitionName()).isEqualTo("com.example.v1.Widget");
        assertThat(w.listDefinitionName()).isEqualTo("com.example.v1.WidgetList");
        assertThat(w.definitionJson().path("x-kubernetes-group-version-kind").get(0).path("kind").asText())
                .isEqualTo("Widget");
        assertThat(w.listDefinitionJson().path("properties").path("items").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/com.example.v1.Widget");
    }

    @Test
    void structuralExtensionsBecomeTheModel() throws IOException {
        Schema root = schemas().getFirst().schema();
        Schema spec = SchemaWalker.path(root, "spec").orElseThrow();
        assertThat(SchemaWalker.path(spec, "port").orElseThrow().resolved())
                .isEqualTo(new Schema.Scalar(Schema.ScalarType.INT_OR_STRING, "int-or-string", ""));
        Schema.ListOf tags = (Schema.ListOf) SchemaWalker.path(spec, "tags").orElseThrow();
        assertThat(tags.type()).isEqualTo(Schema.ListType.SET);
        Schema.ListOf ports = (Schema.ListOf) SchemaWalker.path(spec, "ports").orElseThrow();
        assertThat(ports.type()).isEqualTo(Schema.ListType.MAP);
        assertThat(ports.keys()).containsExactly("name");
        assertThat(((Schema.MapOf) SchemaWalker.path(spec, "selector").orElseThrow()).atomic()).isTrue();
        assertThat(SchemaWalker.path(spec, "config").orElseThrow()).isInstanceOf(Schema.Untyped.class);
        Schema.Struct template = (Schema.Struct) SchemaWalker.path(spec, "template").orElseThrow();
        assertThat(template.properties()).containsKeys("apiVersion", "kind", "metadata");
        assertThat(template.preserveUnknownFields()).isTrue();
    }

    @Test
    void metadataIsObjectMetaWithItsMergeSemantics() throws IOException {
        Schema root = schemas().getFirst().schema();
        Schema.ListOf owners = (Schema.ListOf) SchemaWalker.path(root, "metadata", "ownerReferences").orElseThrow().resolved();
        assertThat(owners.keys()).containsExactly("uid");
        Schema.ListOf finalizers = (Schema.ListOf) SchemaWalker.path(root, "metadata", "finalizers").orElseThrow().resolved();
        assertThat(finalizers.type()).isEqualTo(Schema.ListType.SET);
    }

    @Test
    void validationOfCustomResourcesUsesTheCrdSchema() throws IOException {
        Schema root = schemas().getFirst().schema();
        JsonNode obj = Json.parse("""
                {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},
                 "spec":{"size":"big","foo":1,"tags":"t","config":{"free":{"form":true}},
                  "template":{"metadata":{"name":"t"},"anything":1}},"status":{"ready":true}}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(FieldValidator.check(obj, root)).extracting(FieldProblem::message).containsExactly(
                "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"",
                "unknown field \"spec.foo\"",
                "spec.tags: Invalid value: \"string\": spec.tags in body must be of type array: \"string\"");
    }

    @Test
    void compositeServesCustomKindsWithoutStrategicMerge() throws IOException {
        CompositeSchemas composite = new CompositeSchemas(BUILTINS, schemas());
        GroupVersionKind widget = new GroupVersionKind("example.com", "v1", "Widget");
        assertThat(composite.forKind(widget)).isPresent();
        assertThat(composite.definitionName(new GroupVersionKind("example.com", "v1", "WidgetList")))
                .contains("com.example.v1.WidgetList");
        assertThat(composite.strategicMergePatch(widget)).isFalse();
        assertThat(composite.strategicMergePatch(new GroupVersionKind("apps", "v1", "Deployment"))).isTrue();
        assertThat(composite.withCustomResources(List.of()).forKind(widget)).isEmpty();
    }
}
