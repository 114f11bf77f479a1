package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code kubectl create -f}, client-side {@code apply -f} and {@code diff}, through the dispatcher. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreateAndApplyTest {

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

    @Test
    void createFromAFileCreatesTheObjectAndASecondCreateIsAlreadyExists() throws Exception {
        String ns = cluster.newNamespace("create");
        Path file = cluster.manifest("deployment-web.yaml");

        assertThat(cluster.ok("create", "-f", file.toString(), "-n", ns)).isEqualTo("deployment.apps/web created\n");
        Kubectl.Result again = cluster.run("create", "-f", file.toString(), "-n", ns);

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("Error from server (AlreadyExists): error when creating \"" + file
                + "\": deployments.apps \"web\" already exists\n");
        JsonNode live = cluster.json("get", "deployment", "web", "-n", ns);
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(1);
        assertThat(live.at("/metadata/uid").asText()).matches("[0-9a-f-]{36}");
        // Create writes no last-applied annotation: the only annotation is the revision the deployment
        // controller records once it has made the first ReplicaSet.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                cluster.json("get", "deployment", "web", "-n", ns).at("/metadata/annotations").toString())
                .isEqualTo("{\"deployment.kubernetes.io/revision\":\"1\"}"));
    }

    @Test
    void createOfAnInvalidPodPrintsTheFieldError() throws Exception {
        String ns = cluster.newNamespace("invalid");

        Kubectl.Result r = cluster.run("create", "-f", cluster.manifest("pod-invalid.yaml").toString(), "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("The Pod \"broken\" is invalid: spec.containers[0].image: Required value\n");
        assertThat(cluster.run("get", "pod", "broken", "-n", ns).err())
                .isEqualTo("Error from server (NotFound): pods \"broken\" not found\n");
    }

    @Test
    void createOfAPodWithSeveralErrorsListsEachOnItsOwnLine() throws Exception {
        String ns = cluster.newNamespace("invalid-many");

        Kubectl.Result r = cluster.run("create", "-f", cluster.manifest("pod-invalid-many.yaml").toString(),
                "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("""
                The Pod "broken" is invalid:\s
                * spec.containers[0].image: Required value
                * spec.containers[1].image: Required value
                * spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"
                """);
    }

    @Test
    void createOfAnUnknownFieldIsRejectedByStrictFieldValidation() throws Exception {
        String ns = cluster.newNamespace("strict");
        Path file = cluster.write("strict-cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: strict
                spec:
                  color: blue
                """);

        Kubectl.Result r = cluster.run("create", "-f", file.toString(), "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (BadRequest): error when creating \"" + file
                + "\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: "
                + "unknown field \"spec\"\n");
    }

    @Test
    void applyCreatesThenReportsUnchangedThenConfigured() throws Exception {
        String ns = cluster.newNamespace("apply");
        Path file = cluster.manifest("deployment-web.yaml");

        assertThat(cluster.ok("apply", "-f", file.toString(), "-n", ns)).isEqualTo("deployment.apps/web created\n");
        JsonNode created = cluster.json("get", "deployment", "web", "-n", ns);
        assertThat(cluster.ok("apply", "-f", file.toString(), "-n", ns))
                .isEqualTo("deployment.apps/web unchanged\n");
        JsonNode afterNoop = cluster.json("get", "deployment", "web", "-n", ns);
        cluster.write("deployment-web.yaml", Files.readString(file).replace("replicas: 2", "replicas: 3"));
        assertThat(cluster.ok("apply", "-f", file.toString(), "-n", ns))
                .isEqualTo("deployment.apps/web configured\n");
        JsonNode changed = cluster.json("get", "deployment", "web", "-n", ns);

        String lastApplied = created.at("/metadata/annotations")
                .get("kubectl.kubernetes.io/last-applied-configuration").asText();
        assertThat(lastApplied).startsWith("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
                + "{\"annotations\":{},\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"name\":\"web\",\"namespace\":\""
                + ns + "\"},\"spec\":{\"replicas\":2,").endsWith("}\n");
        assertThat(afterNoop.at("/metadata/resourceVersion")).isEqualTo(created.at("/metadata/resourceVersion"));
        assertThat(changed.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(changed.at("/metadata/generation").asInt()).isEqualTo(2);
        assertThat(changed.at("/metadata/annotations").get("kubectl.kubernetes.io/last-applied-configuration")
                .asText()).contains("\"replicas\":3");
    }

    @Test
    void reApplyingWithoutAFieldRemovesItAndDefaultsReturn() throws Exception {
        String ns = cluster.newNamespace("prune");
        cluster.ok("apply", "-f", cluster.manifest("deployment-web.yaml").toString(), "-n", ns);
        cluster.ok("scale", "deployment/web", "--replicas=5", "-n", ns);

        assertThat(cluster.ok("apply", "-f", cluster.manifest("deployment-web-v2.yaml").toString(), "-n", ns))
                .isEqualTo("deployment.apps/web configured\n");

        JsonNode live = cluster.json("get", "deployment", "web", "-n", ns);
        assertThat(live.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        JsonNode container = live.at("/spec/template/spec/containers/0");
        assertThat(container.get("image").asText()).isEqualTo("nginx:1.26");
        assertThat(container.has("env")).as("env removed from the manifest is removed live").isFalse();
        assertThat(container.at("/ports/0/protocol").asText()).isEqualTo("TCP");
        // replicas was in the last applied configuration, so removing it from the manifest clears it
        // (a three-way patch "replicas: null") even though `scale` changed it meanwhile; it re-defaults to 1.
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(1);
    }

    @Test
    void applyKeepsFieldsSetByOtherWritersThatTheManifestNeverMentioned() throws Exception {
        String ns = cluster.newNamespace("keep");
        Path file = cluster.manifest("deployment-web.yaml");
        cluster.ok("apply", "-f", file.toString(), "-n", ns);
        cluster.ok("label", "deployment", "web", "owner=ops", "-n", ns);
        cluster.ok("annotate", "deployment", "web", "note=hand-made", "-n", ns);

        assertThat(cluster.ok("apply", "-f", file.toString(), "-n", ns)).isEqualTo("deployment.apps/web unchanged\n");

        JsonNode live = cluster.json("get", "deployment", "web", "-n", ns);
        assertThat(live.at("/metadata/labels/owner").asText()).isEqualTo("ops");
        assertThat(live.at("/metadata/annotations/note").asText()).isEqualTo("hand-made");
    }

    @Test
    void applyOfAMultiDocumentFileHandlesEveryObjectInOrder() throws Exception {
        String ns = cluster.newNamespace("multi");

        assertThat(cluster.ok("apply", "-f", cluster.manifest("stack.yaml").toString(), "-n", ns)).isEqualTo("""
                configmap/shop-config created
                service/shop created
                deployment.apps/shop created
                """);
        assertThat(cluster.ok("apply", "-f", cluster.manifest("stack.yaml").toString(), "-n", ns)).isEqualTo("""
                configmap/shop-config unchanged
                service/shop unchanged
                deployment.apps/shop unchanged
                """);
        assertThat(cluster.ok("apply", "-f", cluster.manifest("stack-v2.yaml").toString(), "-n", ns)).isEqualTo("""
                configmap/shop-config configured
                service/shop unchanged
                deployment.apps/shop unchanged
                """);

        assertThat(cluster.ok("get", "configmap", "shop-config", "-n", ns, "-o", "jsonpath={.data.color}"))
                .isEqualTo("green");
        JsonNode svc = cluster.json("get", "service", "shop", "-n", ns);
        assertThat(svc.at("/spec/clusterIP").asText()).matches("10\\.\\d+\\.\\d+\\.\\d+");
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    }

    @Test
    void applyReadsTheManifestFromStandardInput() throws Exception {
        String ns = cluster.newNamespace("stdin");
        String manifest = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: piped
                data:
                  a: "1"
                """;

        Kubectl.Result first = cluster.runWithInput(manifest, "apply", "-f", "-", "-n", ns).assertOk();
        Kubectl.Result second = cluster.runWithInput(manifest.replace("\"1\"", "\"2\""), "apply", "-f", "-", "-n", ns)
                .assertOk();

        assertThat(first.out()).isEqualTo("configmap/piped created\n");
        assertThat(second.out()).isEqualTo("configmap/piped configured\n");
        assertThat(cluster.ok("get", "cm", "piped", "-n", ns, "-o", "jsonpath={.data.a}")).isEqualTo("2");
    }

    @Test
    void applyToAnObjectMadeByCreateWarnsAboutTheMissingAnnotationAndPatches() throws Exception {
        String ns = cluster.newNamespace("adopt");
        Path file = cluster.manifest("deployment-web.yaml");
        cluster.ok("create", "-f", file.toString(), "-n", ns);
        cluster.write("deployment-web.yaml", Files.readString(file).replace("nginx:1.25", "nginx:1.27"));

        Kubectl.Result r = cluster.run("apply", "-f", file.toString(), "-n", ns).assertOk();

        assertThat(r.out()).isEqualTo("deployment.apps/web configured\n");
        assertThat(r.err()).isEqualTo("Warning: resource deployments/web is missing the "
                + "kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. "
                + "kubectl apply should only be used on resources created declaratively by either kubectl create "
                + "--save-config or kubectl apply. The missing annotation will be patched automatically.\n");
        assertThat(cluster.ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.27");
    }

    @Test
    void applyOfAnInvalidChangePrintsTheFieldErrorAndKeepsTheObject() throws Exception {
        String ns = cluster.newNamespace("apply-invalid");
        Path file = cluster.manifest("deployment-web.yaml");
        cluster.ok("apply", "-f", file.toString(), "-n", ns);
        Path bad = cluster.write("web-bad.yaml", Files.readString(file).replace("replicas: 2", "replicas: -1"));

        Kubectl.Result r = cluster.run("apply", "-f", bad.toString(), "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
        assertThat(cluster.ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
    }

    @Test
    void diffExitsZeroWithoutChangesAndOneWithAUnifiedDiffOtherwise() throws Exception {
        String ns = cluster.newNamespace("diff");
        Path file = cluster.manifest("deployment-web.yaml");
        cluster.ok("apply", "-f", file.toString(), "-n", ns);

        Kubectl.Result same = cluster.run("diff", "-f", file.toString(), "-n", ns);
        cluster.write("deployment-web.yaml", Files.readString(file).replace("nginx:1.25", "nginx:1.26"));
        Kubectl.Result changed = cluster.run("diff", "-f", file.toString(), "-n", ns);

        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).isEmpty();
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
        assertThat(changed.err()).isEmpty();
        assertThat(changed.out())
                .startsWith("diff -u -N ")
                .containsPattern("(?m)^--- \\S*/LIVE-\\d+/apps\\.v1\\.Deployment\\." + ns + "\\.web\t")
                .containsPattern("(?m)^\\+\\+\\+ \\S*/MERGED-\\d+/apps\\.v1\\.Deployment\\." + ns + "\\.web\t")
                .contains("\n-  generation: 1\n+  generation: 2\n")
                .contains("\n-        image: nginx:1.25\n+        image: nginx:1.26\n");
        // diff is a server dry run: nothing was stored.
        JsonNode live = cluster.json("get", "deploy", "web", "-n", ns);
        assertThat(live.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(1);
    }

    @Test
    void diffOfAnObjectThatDoesNotExistShowsItAllAsAdded() throws Exception {
        String ns = cluster.newNamespace("diff-new");
        Path file = cluster.write("new-cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fresh
                data:
                  a: "1"
                """);

        Kubectl.Result r = cluster.run("diff", "-f", file.toString(), "-n", ns);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("\n+apiVersion: v1\n+data:\n+  a: \"1\"\n+kind: ConfigMap\n+metadata:\n")
                .contains("\n+  name: fresh\n+  namespace: " + ns + "\n");
        assertThat(cluster.run("get", "cm", "fresh", "-n", ns).exitCode()).isEqualTo(1);
    }
}
