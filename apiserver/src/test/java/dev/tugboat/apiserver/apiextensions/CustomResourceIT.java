package dev.tugboat.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A CRD's resources are served the moment it is created, validated by its schema, and go with it. */
class CustomResourceIT {

    private static final String CRD = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced",
              "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
              "versions":[{"name":"v1","served":true,"storage":true,
                "subresources":{"status":{},"scale":{"specReplicasPath":".spec.size","statusReplicasPath":".status.size"}},
                "schema":{"openAPIV3Schema":{"type":"object","properties":{
                  "spec":{"type":"object","required":["color"],"properties":{
                    "color":{"type":"string","enum":["red","blue"]},
                    "size":{"type":"integer","minimum":1,"maximum":10,"default":3}}},
                  "status":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}}""";

    @Test
    void aCustomResourceLivesAndDiesWithItsDefinition() throws Exception {
        try (TestServer s = new TestServer()) {
            assertThat(s.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CRD).status()).isEqualTo(201);
            // Served at once: no waiting for the Established condition.
            TestServer.Response created = s.post("/apis/example.com/v1/namespaces/default/widgets",
                    "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w1\"},"
                            + "\"spec\":{\"color\":\"red\"},\"status\":{\"size\":99}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().path("spec").path("size").asInt()).as("schema default").isEqualTo(3);
            assertThat(created.json().has("status")).as("status is the subresource's").isFalse();

            TestServer.Response invalid = s.post("/apis/example.com/v1/namespaces/default/widgets",
                    "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w2\"},"
                            + "\"spec\":{\"color\":\"pink\",\"size\":11}}");
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.json().path("message").asText())
                    .contains("spec.color: Unsupported value: \"pink\": supported values: \"red\", \"blue\"")
                    .contains("spec.size in body should be less than or equal to 10");

            TestServer.Response status = s.put("/apis/example.com/v1/namespaces/default/widgets/w1/status",
                    created.body().replace("\"size\":3}", "\"size\":3},\"status\":{\"size\":2}"));
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            assertThat(status.json().path("status").path("size").asInt()).isEqualTo(2);

            JsonNode scale = s.get("/apis/example.com/v1/namespaces/default/widgets/w1/scale").json();
            assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(2);
            assertThat(s.patch("/apis/example.com/v1/namespaces/default/widgets/w1/scale",
                    "application/merge-patch+json", "{\"spec\":{\"replicas\":5}}").status()).isEqualTo(200);
            assertThat(s.get("/apis/example.com/v1/namespaces/default/widgets/w1").json()
                    .path("spec").path("size").asInt()).isEqualTo(5);

            // Strategic merge patch does not apply to custom resources.
            assertThat(s.patch("/apis/example.com/v1/namespaces/default/widgets/w1",
                    "application/strategic-merge-patch+json", "{\"spec\":{\"size\":4}}").status()).isEqualTo(415);

            JsonNode discovery = s.get("/apis/example.com/v1").json();
            assertThat(discovery.path("resources").toString()).contains("\"widgets\"").contains("\"wd\"");

            assertThat(s.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")
                    .status()).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (s.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com").status() != 404
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(s.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com").status())
                    .isEqualTo(404);
            assertThat(s.get("/apis/example.com/v1/namespaces/default/widgets").status()).isEqualTo(404);
            // Its objects went first: a new CRD of the same name starts empty.
            assertThat(s.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CRD).status()).isEqualTo(201);
            assertThat(s.get("/apis/example.com/v1/namespaces/default/widgets").json().path("items")).isEmpty();
        }
    }
}
