package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl delete} and {@code kubectl wait --for=delete}: what is observable without the garbage
 * collector and the namespace controller (those outcomes are in {@link GarbageCollectedDeletionTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeleteTest {

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

    private void createHeldConfigMap(String ns, String name) throws Exception {
        Kubectl.Result r = cluster.runWithInput("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  finalizers:
                  - example.com/hold
                """.formatted(name), "create", "-f", "-", "-n", ns).assertOk();
        assertThat(r.out()).isEqualTo("configmap/" + name + " created\n");
    }

    @Test
    void deleteByNameRemovesTheObjectAndASecondDeleteIsNotFound() throws Exception {
        String ns = cluster.newNamespace("by-name");
        cluster.ok("create", "configmap", "a", "-n", ns);
        cluster.ok("run", "box", "--image=busybox", "-n", ns);

        assertThat(cluster.ok("delete", "configmap", "a", "-n", ns)).isEqualTo("configmap \"a\" deleted\n");
        assertThat(cluster.ok("delete", "pod/box", "-n", ns)).isEqualTo("pod \"box\" deleted\n");
        Kubectl.Result again = cluster.run("delete", "configmap", "a", "-n", ns);

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("Error from server (NotFound): configmaps \"a\" not found\n");
        assertThat(cluster.run("get", "pod", "box", "-n", ns).err())
                .isEqualTo("Error from server (NotFound): pods \"box\" not found\n");
    }

    @Test
    void deleteWithALabelSelectorRemovesOnlyTheMatches() throws Exception {
        String ns = cluster.newNamespace("by-label");
        for (String name : new String[] {"keep", "old-1", "old-2"}) {
            cluster.ok("create", "configmap", name, "-n", ns);
        }
        cluster.ok("label", "configmap", "old-1", "old-2", "stale=true", "-n", ns);

        assertThat(cluster.ok("delete", "configmap", "-l", "stale=true", "-n", ns))
                .isEqualTo("configmap \"old-1\" deleted\nconfigmap \"old-2\" deleted\n");

        assertThat(cluster.ok("get", "configmaps", "-n", ns, "-o", "name")).isEqualTo("configmap/keep\n");
    }

    @Test
    void deleteAllEmptiesTheNamespaceOfThatType() throws Exception {
        String ns = cluster.newNamespace("all");
        for (String name : new String[] {"a", "b", "c"}) {
            cluster.ok("create", "configmap", name, "-n", ns);
        }
        cluster.ok("create", "secret", "generic", "survivor", "-n", ns);

        assertThat(cluster.ok("delete", "configmaps", "--all", "-n", ns))
                .isEqualTo("configmap \"a\" deleted\nconfigmap \"b\" deleted\nconfigmap \"c\" deleted\n");

        Kubectl.Result none = cluster.run("get", "configmaps", "-n", ns);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("No resources found in " + ns + " namespace.\n");
        assertThat(cluster.ok("get", "secrets", "-n", ns, "-o", "name")).isEqualTo("secret/survivor\n");
    }

    @Test
    void deleteFromAFileDeletesEveryObjectInIt() throws Exception {
        String ns = cluster.newNamespace("by-file");
        Path file = cluster.manifest("stack.yaml");
        cluster.ok("apply", "-f", file.toString(), "-n", ns);

        assertThat(cluster.ok("delete", "-f", file.toString(), "-n", ns)).isEqualTo("""
                configmap "shop-config" deleted
                service "shop" deleted
                deployment.apps "shop" deleted
                """);

        Kubectl.Result gone = cluster.run("get", "-f", file.toString(), "-n", ns);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("""
                Error from server (NotFound): configmaps "shop-config" not found
                Error from server (NotFound): services "shop" not found
                Error from server (NotFound): deployments.apps "shop" not found
                """);
    }

    @Test
    void deleteOfADeploymentInTheBackgroundRemovesItAtOnce() throws Exception {
        String ns = cluster.newNamespace("background");
        cluster.ok("create", "deployment", "web", "--image=nginx", "-n", ns);

        assertThat(cluster.ok("delete", "deployment", "web", "-n", ns)).isEqualTo("deployment.apps \"web\" deleted\n");

        assertThat(cluster.run("get", "deployment", "web", "-n", ns).err())
                .isEqualTo("Error from server (NotFound): deployments.apps \"web\" not found\n");
    }

    private static void assertDeletionMarked(JsonNode live) {
        Instant deletion = Instant.parse(live.at("/metadata/deletionTimestamp").asText());
        Instant created = Instant.parse(live.at("/metadata/creationTimestamp").asText());
        assertThat(deletion).isAfterOrEqualTo(created).isBefore(created.plusSeconds(60));
        assertThat(live.at("/metadata/deletionGracePeriodSeconds").asInt()).isZero();
    }

    @Test
    void deleteOfAnObjectWithAFinalizerMarksItUntilTheFinalizerIsRemoved() throws Exception {
        String ns = cluster.newNamespace("finalizer");
        createHeldConfigMap(ns, "held");

        assertThat(cluster.ok("delete", "configmap", "held", "--wait=false", "-n", ns))
                .isEqualTo("configmap \"held\" deleted\n");
        JsonNode marked = cluster.json("get", "configmap", "held", "-n", ns);
        assertThat(marked.at("/metadata/finalizers").toString()).isEqualTo("[\"example.com/hold\"]");
        assertDeletionMarked(marked);

        Kubectl.Result addFinalizer = cluster.run("patch", "configmap", "held", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"example.com/more\"}]");
        assertThat(addFinalizer.exitCode()).isEqualTo(1);
        assertThat(addFinalizer.err()).isEqualTo("The ConfigMap \"held\" is invalid: metadata.finalizers: Forbidden: "
                + "no new finalizers can be added if the object is being deleted, found new finalizers "
                + "[]string{\"example.com/more\"}\n");

        assertThat(cluster.ok("patch", "configmap", "held", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]")).isEqualTo("configmap/held patched\n");
        assertThat(cluster.run("get", "configmap", "held", "-n", ns).err())
                .isEqualTo("Error from server (NotFound): configmaps \"held\" not found\n");
    }

    @Test
    void deleteOfAPodOnANodeIsGracefulAndForceDeletesAtOnce() throws Exception {
        String ns = cluster.newNamespace("graceful");
        cluster.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: bound
                spec:
                  nodeName: node-1
                  containers:
                  - name: main
                    image: busybox
                """, "create", "-f", "-", "-n", ns).assertOk();

        assertThat(cluster.ok("delete", "pod", "bound", "--wait=false", "-n", ns)).isEqualTo("pod \"bound\" deleted\n");
        JsonNode terminating = cluster.json("get", "pod", "bound", "-n", ns);
        assertTable(cluster.ok("get", "pods", "-n", ns), """
                NAME    READY   STATUS        RESTARTS   AGE
                bound   0/1     Terminating   0          {age}
                """);
        Kubectl.Result forced = cluster.run("delete", "pod", "bound", "--force", "--grace-period=0", "-n", ns)
                .assertOk();

        assertThat(terminating.at("/metadata/deletionGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(Instant.parse(terminating.at("/metadata/deletionTimestamp").asText()))
                .isAfter(Instant.parse(terminating.at("/metadata/creationTimestamp").asText()).plusSeconds(20));
        assertThat(forced.out()).isEqualTo("pod \"bound\" force deleted\n");
        assertThat(forced.err()).isEqualTo("Warning: Immediate deletion does not wait for confirmation that the "
                + "running resource has been terminated. The resource may continue to run on the cluster "
                + "indefinitely.\n");
        assertThat(cluster.run("get", "pod", "bound", "-n", ns).exitCode()).isEqualTo(1);
    }

    @Test
    void waitForDeleteTimesOutWhileAFinalizerHoldsTheObject() throws Exception {
        String ns = cluster.newNamespace("wait-timeout");
        createHeldConfigMap(ns, "held");
        cluster.ok("delete", "configmap", "held", "--wait=false", "-n", ns);

        Kubectl.Result r = cluster.run("wait", "--for=delete", "configmap/held", "--timeout=2s", "-n", ns);

        // client-go may log (klog) how the timeout ended its watch; the command's own message comes last.
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).endsWith("error: timed out waiting for the condition on configmaps/held\n");
        assertThat(r.err().lines().filter(l -> !l.matches("[IWE]\\d{4} .*"))).as(r.err()).hasSize(1);
    }

    @Test
    void waitForDeleteReturnsOnceTheObjectIsGone() throws Exception {
        String ns = cluster.newNamespace("wait");
        createHeldConfigMap(ns, "held");
        cluster.ok("delete", "configmap", "held", "--wait=false", "-n", ns);
        Path output = cluster.newDirectory("wait-").resolve("out");

        // -v=6 logs the watch request once the server has answered it; only then is the finalizer
        // removed, so the wait is certain to have seen the object before it goes.
        Process wait = cluster.kubectl().start(output, "wait", "--for=delete", "configmap/held", "--timeout=60s",
                "-n", ns, "-v=6");
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(output) && Files.readString(output).contains("watch=true"));
            cluster.ok("patch", "configmap", "held", "-n", ns, "--type=json", "-p",
                    "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");

            assertThat(wait.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(wait.exitValue()).as(Files.readString(output)).isZero();
            assertThat(Files.readString(output)).contains("\nconfigmap/held condition met\n");
        } finally {
            wait.destroyForcibly().waitFor();
        }
    }

    @Test
    void waitForDeleteOfAnObjectThatIsAlreadyGoneSucceedsAtOnce() throws Exception {
        String ns = cluster.newNamespace("wait-gone");

        Kubectl.Result r = cluster.run("wait", "--for=delete", "configmap/never-was", "--timeout=5s", "-n", ns);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void deletingANamespaceLeavesItTerminatingAndClosedToNewObjects() throws Exception {
        String ns = "doomed";
        cluster.ok("create", "namespace", ns);

        assertThat(cluster.ok("delete", "namespace", ns, "--wait=false")).isEqualTo("namespace \"" + ns + "\" deleted\n");
        Kubectl.Result create = cluster.run("create", "configmap", "late", "-n", ns);

        assertTable(cluster.ok("get", "namespace", ns), """
                NAME     STATUS        AGE
                doomed   Terminating   {age}
                """);
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).isEqualTo("error: failed to create configmap: configmaps \"late\" is forbidden: "
                + "unable to create new content in namespace " + ns + " because it is being terminated\n");
    }
}
