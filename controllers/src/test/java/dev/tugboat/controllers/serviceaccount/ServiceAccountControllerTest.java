package dev.tugboat.controllers.serviceaccount;

import static dev.tugboat.controllers.Objects.NAMESPACES;
import static dev.tugboat.controllers.Objects.PODS;
import static dev.tugboat.controllers.Objects.SERVICE_ACCOUNTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service-account controller against a real API server. */
class ServiceAccountControllerTest {

    static TestApiServer server;
    static ServiceAccountController controller;
    static ResourceClient accounts;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new ServiceAccountController(server.newClient("serviceaccount-controller"),
                SystemClock.INSTANCE, ServiceAccountControllerConfig.defaults());
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        accounts = server.client().resource(SERVICE_ACCOUNTS);
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    /** A bare namespace (the shared test helper would make its account itself). */
    static void namespace(String name) {
        server.client().resource(NAMESPACES).create("", Objects.named("v1", "Namespace", name));
    }

    @Test
    void existingNamespacesGetADefaultAccount() {
        Poll.until("default/default exists", () -> Objects.exists(accounts, "default", "default"));
        Poll.until("kube-system/default exists", () -> Objects.exists(accounts, "kube-system", "default"));
    }

    @Test
    void aNewNamespaceGetsADefaultAccountAndPodsWithoutOneAreAdmitted() {
        namespace("fresh");
        Poll.until("fresh/default exists", () -> Objects.exists(accounts, "fresh", "default"));
        ObjectNode pod = server.client().resource(PODS).create("fresh", Objects.pod("p"));
        assertThat(pod.path("spec").path("serviceAccountName").asText()).isEqualTo("default");
    }

    @Test
    void aDeletedDefaultAccountIsRecreated() {
        namespace("again");
        Poll.until("again/default exists", () -> Objects.exists(accounts, "again", "default"));
        String uid = accounts.get("again", "default").path("metadata").path("uid").asText();
        accounts.delete("again", "default");
        Poll.until("again/default is back", () -> Objects.exists(accounts, "again", "default")
                && !accounts.get("again", "default").path("metadata").path("uid").asText().equals(uid));
    }

    @Test
    void aTerminatingNamespaceGetsNoAccount() {
        namespace("leaving");
        Poll.until("leaving/default exists", () -> Objects.exists(accounts, "leaving", "default"));
        // The namespace stays Terminating (no namespace controller runs here); then the account goes.
        server.client().resource(NAMESPACES).delete("", "leaving", DeleteOptions.DEFAULT);
        accounts.delete("leaving", "default");
        // Give the controller time to react wrongly; then the account must still be absent.
        namespace("marker");
        Poll.until("marker/default exists", () -> Objects.exists(accounts, "marker", "default"));
        assertThat(Objects.exists(accounts, "leaving", "default")).isFalse();
    }
}
