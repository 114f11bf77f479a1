package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cascading deletion as users see it once the garbage collector runs: owners disappear, and their
 * dependents go with them (background, foreground) or stay without the owner reference (orphan). The
 * dependent is a ConfigMap owned by a Deployment, so no other controller is needed. What is observable
 * without the collector (the finalizers) is in {@link DeleteTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GarbageCollectedDeletionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

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

    /** A Deployment {@code web} and a ConfigMap {@code web-dependent} it owns. */
    private void createOwnerAndDependent(String ns) throws Exception {
        cluster.ok("create", "deployment", "web", "--image=nginx", "-n", ns);
        String uid = cluster.json("get", "deployment", "web", "-n", ns).at("/metadata/uid").asText();
        cluster.runWithInput("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web-dependent
                  ownerReferences:
                  - apiVersion: apps/v1
                    kind: Deployment
                    name: web
                    uid: %s
                    controller: true
                    blockOwnerDeletion: true
                """.formatted(uid), "create", "-f", "-", "-n", ns).assertOk();
    }

    private boolean gone(String ns, String type, String name) throws Exception {
        Kubectl.Result r = cluster.run("get", type, name, "-n", ns);
        return r.exitCode() == 1 && r.err().startsWith("Error from server (NotFound)");
    }

    @Test
    void foregroundDeletionRemovesTheDependentsThenTheOwnerBeforeKubectlReturns() throws Exception {
        String ns = cluster.newNamespace("gc-foreground");
        createOwnerAndDependent(ns);

        assertThat(cluster.ok("delete", "deployment", "web", "--cascade=foreground", "--timeout=60s", "-n", ns))
                .isEqualTo("deployment.apps \"web\" deleted\n");

        assertThat(gone(ns, "deployment", "web")).isTrue();
        assertThat(gone(ns, "configmap", "web-dependent")).isTrue();
    }

    @Test
    void foregroundDeletionOfAnOwnerWithoutDependentsCompletes() throws Exception {
        String ns = cluster.newNamespace("gc-foreground-alone");
        cluster.ok("create", "deployment", "lone", "--image=nginx", "-n", ns);

        assertThat(cluster.ok("delete", "deployment", "lone", "--cascade=foreground", "--timeout=60s", "-n", ns))
                .isEqualTo("deployment.apps \"lone\" deleted\n");

        assertThat(gone(ns, "deployment", "lone")).isTrue();
    }

    @Test
    void orphanDeletionRemovesTheOwnerAndKeepsTheDependentWithoutItsOwnerReference() throws Exception {
        String ns = cluster.newNamespace("gc-orphan");
        createOwnerAndDependent(ns);

        assertThat(cluster.ok("delete", "deployment", "web", "--cascade=orphan", "--timeout=60s", "-n", ns))
                .isEqualTo("deployment.apps \"web\" deleted\n");

        assertThat(gone(ns, "deployment", "web")).isTrue();
        assertThat(cluster.json("get", "configmap", "web-dependent", "-n", ns).at("/metadata").has("ownerReferences"))
                .isFalse();
    }

    @Test
    void backgroundDeletionRemovesTheOwnerAtOnceAndTheDependentSoonAfter() throws Exception {
        String ns = cluster.newNamespace("gc-background");
        createOwnerAndDependent(ns);

        assertThat(cluster.ok("delete", "deployment", "web", "-n", ns)).isEqualTo("deployment.apps \"web\" deleted\n");

        assertThat(gone(ns, "deployment", "web")).isTrue();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> gone(ns, "configmap", "web-dependent"));
    }
}
