package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.e2e.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Changing live objects: label, annotate, patch (all three types), scale, replace and edit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModifyTest {

    private static final String CONFLICT = "Operation cannot be fulfilled on %s \"%s\": the object has been "
            + "modified; please apply your changes to the latest version and try again";

    private static final Duration DEADLINE = Duration.ofSeconds(30);

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

    private String newNamespaceWithWeb(String prefix) throws Exception {
        String ns = cluster.newNamespace(prefix);
        cluster.ok("apply", "-f", cluster.manifest("deployment-web.yaml").toString(), "-n", ns);
        return ns;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @Test
    void labelAddsOverwritesAndRemovesLabels() throws Exception {
        String ns = cluster.newNamespace("label");
        cluster.ok("run", "box", "--image=busybox", "-n", ns);

        assertThat(cluster.ok("label", "pod", "box", "env=prod", "team=a", "-n", ns)).isEqualTo("pod/box labeled\n");
        Kubectl.Result clash = cluster.run("label", "pod", "box", "env=dev", "-n", ns);
        assertThat(clash.exitCode()).isEqualTo(1);
        assertThat(clash.err()).isEqualTo("error: 'env' already has a value (prod), and --overwrite is false\n");
        assertThat(cluster.ok("label", "pod", "box", "env=dev", "--overwrite", "-n", ns))
                .isEqualTo("pod/box labeled\n");
        assertThat(cluster.ok("label", "pod", "box", "env=dev", "--overwrite", "-n", ns))
                .isEqualTo("pod/box not labeled\n");
        assertThat(cluster.ok("label", "pod", "box", "team-", "-n", ns)).isEqualTo("pod/box unlabeled\n");

        assertThat(cluster.json("get", "pod", "box", "-n", ns).at("/metadata/labels").toString())
                .isEqualTo("{\"env\":\"dev\",\"run\":\"box\"}");
    }

    @Test
    void labelOfEveryObjectMatchingASelector() throws Exception {
        String ns = cluster.newNamespace("label-all");
        for (String name : List.of("a", "b", "c")) {
            cluster.ok("create", "configmap", name, "-n", ns);
        }
        cluster.ok("label", "configmap", "a", "b", "pick=yes", "-n", ns);

        assertThat(cluster.ok("label", "configmap", "-l", "pick=yes", "picked=true", "-n", ns))
                .isEqualTo("configmap/a labeled\nconfigmap/b labeled\n");
        assertThat(cluster.ok("get", "cm", "-l", "picked", "-n", ns, "-o", "name"))
                .isEqualTo("configmap/a\nconfigmap/b\n");
    }

    @Test
    void labelWithAStaleResourceVersionIsAConflict() throws Exception {
        String ns = cluster.newNamespace("label-rv");
        cluster.ok("create", "configmap", "cfg", "-n", ns);
        String rv = cluster.json("get", "cm", "cfg", "-n", ns).at("/metadata/resourceVersion").asText();
        cluster.ok("label", "cm", "cfg", "first=1", "-n", ns);

        Kubectl.Result r = cluster.run("label", "cm", "cfg", "second=2", "--resource-version=" + rv, "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (Conflict): " + CONFLICT.formatted("configmaps", "cfg") + "\n");
        assertThat(cluster.json("get", "cm", "cfg", "-n", ns).at("/metadata/labels").has("second")).isFalse();
    }

    @Test
    void annotateAddsOverwritesAndRemovesAnnotations() throws Exception {
        String ns = cluster.newNamespace("annotate");
        cluster.ok("create", "configmap", "cfg", "-n", ns);

        assertThat(cluster.ok("annotate", "configmap", "cfg", "owner=alice", "-n", ns))
                .isEqualTo("configmap/cfg annotated\n");
        Kubectl.Result clash = cluster.run("annotate", "configmap", "cfg", "owner=bob", "-n", ns);
        assertThat(clash.exitCode()).isEqualTo(1);
        assertThat(clash.err()).isEqualTo("error: --overwrite is false but found the following declared "
                + "annotation(s): 'owner' already has a value (alice)\n");
        assertThat(cluster.ok("annotate", "configmap", "cfg", "owner=bob", "--overwrite", "-n", ns))
                .isEqualTo("configmap/cfg annotated\n");
        assertThat(cluster.json("get", "cm", "cfg", "-n", ns).at("/metadata/annotations").toString())
                .isEqualTo("{\"owner\":\"bob\"}");
        assertThat(cluster.ok("annotate", "configmap", "cfg", "owner-", "-n", ns))
                .isEqualTo("configmap/cfg annotated\n");

        assertThat(cluster.json("get", "cm", "cfg", "-n", ns).at("/metadata/annotations").isMissingNode()).isTrue();
    }

    @Test
    void strategicPatchMergesContainersByName() throws Exception {
        String ns = newNamespaceWithWeb("patch-strategic");

        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"envoy:1\"}]}}}}"))
                .isEqualTo("deployment.apps/web patched\n");
        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "--type=strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.27\"}]}}}}"))
                .isEqualTo("deployment.apps/web patched\n");

        JsonNode spec = cluster.json("get", "deploy", "web", "-n", ns).at("/spec/template/spec");
        // A new element goes first, an existing one is merged in place (upstream's SMP list order).
        assertThat(names(spec.get("containers"))).containsExactly("sidecar", "nginx");
        assertThat(spec.at("/containers/1/image").asText()).isEqualTo("nginx:1.27");
        assertThat(spec.at("/containers/1/env/0/value").asText()).isEqualTo("blue");
        assertThat(spec.at("/containers/0/imagePullPolicy").asText()).as("defaults for the new container")
                .isEqualTo("IfNotPresent");
    }

    @Test
    void strategicPatchDeleteDirectiveRemovesOneContainer() throws Exception {
        String ns = newNamespaceWithWeb("patch-delete");
        cluster.ok("patch", "deployment", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"envoy:1\"}]}}}}");

        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}"))
                .isEqualTo("deployment.apps/web patched\n");

        assertThat(names(cluster.json("get", "deploy", "web", "-n", ns).at("/spec/template/spec/containers")))
                .containsExactly("nginx");
    }

    @Test
    void mergePatchReplacesListsWhole() throws Exception {
        String ns = newNamespaceWithWeb("patch-merge");

        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "--type=merge", "-p",
                "{\"metadata\":{\"labels\":{\"tier\":null}},\"spec\":{\"template\":{\"spec\":{\"containers\":"
                        + "[{\"name\":\"app\",\"image\":\"app:2\"}]}}}}"))
                .isEqualTo("deployment.apps/web patched\n");

        JsonNode live = cluster.json("get", "deploy", "web", "-n", ns);
        assertThat(live.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(names(live.at("/spec/template/spec/containers"))).containsExactly("app");
        assertThat(live.at("/spec/template/spec/containers/0/terminationMessagePolicy").asText()).isEqualTo("File");
    }

    @Test
    void jsonPatchAppliesItsOperationsInOrder() throws Exception {
        String ns = newNamespaceWithWeb("patch-json");

        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/labels/release\",\"value\":\"r1\"},"
                        + "{\"op\":\"remove\",\"path\":\"/spec/template/spec/containers/0/env\"}]"))
                .isEqualTo("deployment.apps/web patched\n");

        JsonNode live = cluster.json("get", "deploy", "web", "-n", ns);
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(live.at("/metadata/labels/release").asText()).isEqualTo("r1");
        assertThat(live.at("/spec/template/spec/containers/0").has("env")).isFalse();
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(2);
    }

    @Test
    void aPatchThatChangesNothingSaysNoChangeAndKeepsTheResourceVersion() throws Exception {
        String ns = newNamespaceWithWeb("patch-noop");
        // The deployment controller writes the Deployment until it has settled; after that only a patch could.
        String rv = cluster.awaitDeploymentSettledWithoutNodes(ns, "web").at("/metadata/resourceVersion").asText();

        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"replicas\":2}}"))
                .isEqualTo("deployment.apps/web patched (no change)\n");
        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "-p", "{\"metadata\":{\"labels\":{\"app\":\"web\"}}}"))
                .isEqualTo("deployment.apps/web patched (no change)\n");
        assertThat(cluster.ok("patch", "deployment", "web", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]"))
                .isEqualTo("deployment.apps/web patched (no change)\n");

        JsonNode live = cluster.json("get", "deploy", "web", "-n", ns);
        assertThat(live.at("/metadata/resourceVersion").asText()).isEqualTo(rv);
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(1);
    }

    @Test
    void aPatchThatMakesTheObjectInvalidIsRejected() throws Exception {
        String ns = newNamespaceWithWeb("patch-invalid");

        Kubectl.Result r = cluster.run("patch", "deployment", "web", "-n", ns, "--type=merge", "-p",
                "{\"spec\":{\"replicas\":-1}}");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
        assertThat(cluster.ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
    }

    @Test
    void aPatchOfAMissingObjectIsNotFound() throws Exception {
        String ns = cluster.newNamespace("patch-missing");

        Kubectl.Result r = cluster.run("patch", "deployment", "nope", "-n", ns, "-p", "{\"spec\":{\"replicas\":1}}");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found\n");
    }

    @Test
    void scaleChangesReplicasThroughTheScaleSubresource() throws Exception {
        String ns = newNamespaceWithWeb("scale");

        assertThat(cluster.ok("scale", "deployment", "web", "--replicas=5", "-n", ns))
                .isEqualTo("deployment.apps/web scaled\n");
        // The controller scales the ReplicaSet up with it: five pods, all Pending without nodes.
        await().atMost(DEADLINE).untilAsserted(() -> assertTable(cluster.ok("get", "deploy", "web", "-n", ns), """
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE
                web    0/5     5            0           {age}
                """));
        Kubectl.Result wrongCurrent = cluster.run("scale", "deployment/web", "--current-replicas=2", "--replicas=1",
                "-n", ns);
        assertThat(wrongCurrent.exitCode()).isEqualTo(1);
        assertThat(wrongCurrent.err()).isEqualTo("error: Expected replicas to be 2, was 5\n");
        assertThat(cluster.ok("scale", "deployment/web", "--current-replicas=5", "--replicas=0", "-n", ns))
                .isEqualTo("deployment.apps/web scaled\n");

        JsonNode live = cluster.json("get", "deploy", "web", "-n", ns);
        assertThat(live.at("/spec/replicas").asInt()).isZero();
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(3);
        JsonNode scale = Json.MAPPER.readTree(cluster.ok("get", "--raw",
                "/apis/apps/v1/namespaces/" + ns + "/deployments/web/scale"));
        assertThat(scale.get("kind").asText()).isEqualTo("Scale");
        assertThat(scale.get("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.at("/spec/replicas").asInt()).isZero();
        assertThat(scale.at("/status/selector").asText()).isEqualTo("app=web");
    }

    @Test
    void replaceWritesTheWholeObjectAndAStaleCopyIsAConflict() throws Exception {
        String ns = cluster.newNamespace("replace");
        cluster.ok("create", "configmap", "cfg", "--from-literal=a=1", "-n", ns);
        String live = cluster.ok("get", "cm", "cfg", "-n", ns, "-o", "yaml");
        Path file = cluster.write("replace-" + ns + ".yaml", live.replace("a: \"1\"", "a: \"2\"\n  b: \"3\""));

        assertThat(cluster.ok("replace", "-f", file.toString())).isEqualTo("configmap/cfg replaced\n");
        Kubectl.Result stale = cluster.run("replace", "-f", file.toString());

        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).isEqualTo("Error from server (Conflict): error when replacing \"" + file + "\": "
                + CONFLICT.formatted("configmaps", "cfg") + "\n");
        assertThat(cluster.json("get", "cm", "cfg", "-n", ns).get("data").toString())
                .isEqualTo("{\"a\":\"2\",\"b\":\"3\"}");
    }

    @Test
    void replaceOfAMissingObjectIsNotFound() throws Exception {
        String ns = cluster.newNamespace("replace-missing");
        Path file = cluster.write("replace-missing.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ghost
                data:
                  a: "1"
                """);

        Kubectl.Result r = cluster.run("replace", "-f", file.toString(), "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): error when replacing \"" + file
                + "\": configmaps \"ghost\" not found\n");
    }

    @Test
    void editRunsTheEditorAndSavesItsChanges() throws Exception {
        String ns = newNamespaceWithWeb("edit");
        Kubectl editing = cluster.client(cluster.kubectl().withEnv(Map.of("EDITOR",
                editor("edit-image.sh", "sed -i -e 's/image: nginx:1.25/image: nginx:1.28/' \"$1\""))));

        Kubectl.Result r = editing.run("edit", "deployment", "web", "-n", ns).assertOk();

        assertThat(r.out()).isEqualTo("deployment.apps/web edited\n");
        JsonNode live = cluster.json("get", "deploy", "web", "-n", ns);
        assertThat(live.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.28");
        assertThat(live.at("/metadata/generation").asInt()).isEqualTo(2);
    }

    @Test
    void editWithoutChangesSavesNothing() throws Exception {
        String ns = newNamespaceWithWeb("edit-noop");
        String rv = cluster.awaitDeploymentSettledWithoutNodes(ns, "web").at("/metadata/resourceVersion").asText();
        Kubectl editing = cluster.client(cluster.kubectl().withEnv(Map.of("EDITOR", editor("edit-nothing.sh", "true"))));

        Kubectl.Result r = editing.run("edit", "deployment", "web", "-n", ns).assertOk();

        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Edit cancelled, no changes made.\n");
        assertThat(cluster.json("get", "deploy", "web", "-n", ns).at("/metadata/resourceVersion").asText())
                .isEqualTo(rv);
    }

    @Test
    void editThatBreaksValidationReportsTheErrorAndKeepsTheObject() throws Exception {
        String ns = newNamespaceWithWeb("edit-invalid");
        // The editor empties the image; kubectl then reopens the file with the error on top, and the
        // second run of this editor leaves it as is, so kubectl gives up and keeps a copy.
        Kubectl editing = cluster.client(cluster.kubectl().withEnv(Map.of("EDITOR",
                editor("edit-break.sh", "sed -i -e 's/image: nginx:1.25/image: \"\"/' \"$1\""))));

        Kubectl.Result r = editing.run("edit", "deployment", "web", "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: deployments.apps \"web\" is invalid\n")
                .containsPattern("A copy of your changes has been stored to \"\\S+\"\n")
                .contains("error: Edit cancelled, no valid changes were saved.\n");
        assertThat(cluster.ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.25");
    }

    private String editor(String name, String command) throws Exception {
        Path script = cluster.write(name, "#!/bin/sh\n" + command + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }
}
