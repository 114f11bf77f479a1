package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.e2e.Kubectl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl delete namespace} as users see it once the namespace controller empties and removes
 * terminating namespaces. What is observable before that (Terminating, closed to new objects) is in
 * {@link DeleteTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceDeletionTest {

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
    void deletingANamespaceWaitsUntilItAndItsContentsAreGone() throws Exception {
        String ns = cluster.newNamespace("ns-delete");
        cluster.ok("create", "configmap", "inside", "-n", ns);
        cluster.ok("create", "deployment", "web", "--image=nginx", "-n", ns);

        assertThat(cluster.ok("delete", "namespace", ns, "--timeout=60s")).isEqualTo("namespace \"" + ns + "\" deleted\n");

        Kubectl.Result r = cluster.run("get", "namespace", ns);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): namespaces \"" + ns + "\" not found\n");
        assertThat(cluster.run("get", "configmaps,deployments", "-A", "--field-selector", "metadata.namespace=" + ns,
                "-o", "name").out()).isEmpty();
    }

    @Test
    void aDeletedNamespaceCanBeCreatedAgain() throws Exception {
        String ns = cluster.newNamespace("ns-again");
        cluster.ok("delete", "namespace", ns, "--timeout=60s");

        assertThat(cluster.ok("create", "namespace", ns)).isEqualTo("namespace/" + ns + " created\n");
        assertThat(cluster.ok("get", "namespace", ns, "-o", "jsonpath={.status.phase}")).isEqualTo("Active");
    }
}
