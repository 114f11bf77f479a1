package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.e2e.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke tests of versioned kubectl binaries called directly, bypassing the dispatcher: 1.29 (JSON
 * bodies, OpenAPI v3, aggregated discovery v2beta1 only) and 1.33 (protobuf bodies for generators).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionedKubectlTest {

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Kubectl kubectl(String minor) throws Exception {
        return cluster.client(Kubectl.version(minor, cluster.server().kubeconfig()));
    }

    @ParameterizedTest(name = "kubectl 1.{0}")
    @ValueSource(strings = {"29", "33"})
    void versionReportsTheClientAndTheServer(String minor) throws Exception {
        Kubectl.Result r = kubectl(minor).run("version").assertOk();

        assertThat(r.out()).matches("""
                Client Version: v1\\.%s\\.\\d+
                Kustomize Version: v\\S+
                Server Version: v1\\.33\\.0\\+tugboat
                """.formatted(minor));
        // kubectl warns when it is more than one minor version away from the server.
        assertThat(r.err()).isEqualTo(minor.equals("29")
                ? "WARNING: version difference between client (1.29) and server (1.33) exceeds the supported "
                        + "minor version skew of +/-1\n"
                : "");
    }

    @ParameterizedTest(name = "kubectl 1.{0}")
    @ValueSource(strings = {"29", "33"})
    void applyGetPatchScaleAndDeleteADeployment(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = cluster.newNamespace("v" + minor);
        Path manifest = cluster.manifest("deployment-web.yaml");

        assertThat(k.run("apply", "-f", manifest.toString(), "-n", ns).assertOk().out())
                .isEqualTo("deployment.apps/web created\n");
        // The first ReplicaSet and its two (Pending) pods exist before the template changes, so the
        // rollout below starts from them, as it would on any cluster given the time.
        cluster.awaitDeploymentSettledWithoutNodes(ns, "web");
        assertThat(k.run("apply", "-f", manifest.toString(), "-n", ns).assertOk().out())
                .isEqualTo("deployment.apps/web unchanged\n");
        Files.writeString(manifest, Files.readString(manifest).replace("nginx:1.25", "nginx:1.26"));
        assertThat(k.run("apply", "-f", manifest.toString(), "-n", ns).assertOk().out())
                .isEqualTo("deployment.apps/web configured\n");
        assertThat(k.run("patch", "deployment", "web", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"v\":\"" + minor
                + "\"}}}", "-n", ns).assertOk().out()).isEqualTo("deployment.apps/web patched\n");
        assertThat(k.run("scale", "deployment", "web", "--replicas=4", "-n", ns).assertOk().out())
                .isEqualTo("deployment.apps/web scaled\n");

        // Upstream's rollout arithmetic, with no pod ever available: the new image gets a second ReplicaSet
        // of 1 (maxSurge 1 of 2), and maxUnavailable 0 lets no old pod go; scaling to 4 adds 2 in proportion
        // to the ReplicaSets' sizes (old 2 -> 3, new 1 -> 2, within 4 + maxSurge 1), and with 5 pods, 3 to
        // keep available and 2 new ones unavailable, nothing more may be scaled down: 2 are up to date.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTable(
                k.run("get", "deployments", "-n", ns, "-o", "wide").assertOk().out(), """
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR
                web    0/4     2            0           {age}   nginx        nginx:1.26   app=web
                """));
        assertThat(k.run("get", "replicasets", "-n", ns, "-o",
                "jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas}{\"\\n\"}{end}")
                .assertOk().out().lines().sorted().toList()).containsExactly("nginx:1.25=3", "nginx:1.26=2");
        JsonNode live = Json.MAPPER.readTree(k.run("get", "deploy", "web", "-n", ns, "-o", "json").assertOk().out());
        assertThat(live.at("/metadata/labels/v").asText()).isEqualTo(minor);
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(3);
        assertThat(k.run("delete", "deployment", "web", "-n", ns).assertOk().out())
                .isEqualTo("deployment.apps \"web\" deleted\n");
        assertThat(k.run("get", "deploy", "web", "-n", ns).err())
                .endsWith("Error from server (NotFound): deployments.apps \"web\" not found\n");
    }

    @ParameterizedTest(name = "kubectl 1.{0}")
    @ValueSource(strings = {"29", "33"})
    void generatorsAndExposeCreateObjects(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = cluster.newNamespace("gen" + minor);

        assertThat(k.run("create", "deployment", "shop", "--image=shop:1", "--replicas=2", "-n", ns).assertOk().out())
                .isEqualTo("deployment.apps/shop created\n");
        assertThat(k.run("create", "configmap", "cfg", "--from-literal=a=1", "-n", ns).assertOk().out())
                .isEqualTo("configmap/cfg created\n");
        assertThat(k.run("expose", "deployment", "shop", "--port=80", "--type=NodePort", "-n", ns).assertOk().out())
                .isEqualTo("service/shop exposed\n");

        assertThat(k.run("get", "deploy,cm,svc", "-n", ns, "-o", "name").assertOk().out())
                .isEqualTo("deployment.apps/shop\nconfigmap/cfg\nservice/shop\n");
        assertTable(k.run("get", "svc", "shop", "-n", ns).assertOk().out(), """
                NAME   TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)            AGE
                shop   NodePort   {ip}         <none>        80:{nodeport}/TCP   {age}
                """);
        assertThat(k.run("get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.data.a}").assertOk().out()).isEqualTo("1");
    }

    @ParameterizedTest(name = "kubectl 1.{0}")
    @ValueSource(strings = {"29", "33"})
    void explainAndServerSideValidationUseOpenApiV3(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = cluster.newNamespace("explain" + minor);
        Path bad = cluster.write("unknown-field-" + minor + ".yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: strict
                colour: blue
                """);

        Kubectl.Result explain = k.run("explain", "deployment.spec.replicas").assertOk();
        Kubectl.Result create = k.run("create", "-f", bad.toString(), "-n", ns);

        assertThat(explain.out()).startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n"
                + "FIELD: replicas <integer>\n");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).endsWith("Error from server (BadRequest): error when creating \"" + bad
                + "\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: "
                + "unknown field \"colour\"\n");
    }
}
