package dev.tugboat.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** YAML request bodies read as the upstream API server reads them (go-yaml v2, then JSON). */
class YamlBodiesIT {

    private static final String YAML = "application/yaml";
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
        // No service-account controller runs here: pods need their account made by hand.
        s.post("/api/v1/namespaces/default/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void anchorsAliasesAndMergeKeysAreResolved() throws Exception {
        TestServer.Response created = s.send("POST", "/apis/apps/v1/namespaces/default/deployments", YAML, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: anchored
                  labels: &labels
                    app: web
                spec:
                  selector:
                    matchLabels: *labels
                  template:
                    metadata:
                      labels:
                        <<: *labels
                        tier: front
                    spec:
                      containers:
                      - &container
                        name: app
                        image: nginx
                      - <<: *container
                        name: sidecar
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode d = created.json();
        assertThat(d.at("/spec/selector/matchLabels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(d.at("/spec/template/metadata/labels").toString()).isEqualTo("{\"tier\":\"front\",\"app\":\"web\"}");
        assertThat(d.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("sidecar");
        assertThat(d.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("nginx");
    }

    @Test
    void anAliasToAnUndefinedAnchorIsABadRequest() throws Exception {
        TestServer.Response r = s.send("POST", "/api/v1/namespaces/default/configmaps", YAML,
                "metadata:\n  name: *nope\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("unknown anchor 'nope' referenced");
        assertThat(s.get("/api/v1/namespaces/default/configmaps/nope").status()).isEqualTo(404);
    }

    @Test
    void plainScalarsTakeGoYamlTypes() throws Exception {
        TestServer.Response created = s.send("POST", "/api/v1/namespaces/default/pods", YAML, """
                metadata:
                  name: modes
                  annotations:
                    when: 2024-01-01
                    at: 12:30
                spec:
                  containers:
                  - name: app
                    image: nginx
                    stdin: yes
                  volumes:
                  - name: config
                    configMap:
                      name: settings
                      defaultMode: 0644
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode pod = created.json();
        assertThat(pod.at("/spec/volumes/0/configMap/defaultMode").asInt()).isEqualTo(420);
        assertThat(pod.at("/spec/containers/0/stdin").isBoolean()).isTrue();
        assertThat(pod.at("/metadata/annotations/when").asText()).isEqualTo("2024-01-01");
        assertThat(pod.at("/metadata/annotations/at").asText()).isEqualTo("12:30");
    }

    @Test
    void applyPatchesResolveAliasesToo() throws Exception {
        TestServer.Response applied = s.send("PATCH",
                "/api/v1/namespaces/default/configmaps/applied?fieldManager=yaml-test", "application/apply-patch+yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: applied
                data:
                  a: &v shared
                  b: *v
                """);
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        assertThat(applied.json().path("data").toString()).isEqualTo("{\"a\":\"shared\",\"b\":\"shared\"}");
    }
}
