package dev.tugboat.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deletion as upstream: preconditions, finalizers, propagation finalizers, graceful pods, namespaces. */
class DeletionIT {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
        s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"del\"}}");
        // No service-account controller runs here: pods need their account made by hand.
        s.post("/api/v1/namespaces/del/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static String cm(String name, String finalizers) {
        return "{\"metadata\":{\"name\":\"" + name + "\"" + (finalizers == null ? "" : ",\"finalizers\":" + finalizers)
                + "},\"data\":{\"a\":\"1\"}}";
    }

    @Test
    void aPlainDeleteAnswersSuccessAndTheObjectIsGone() throws Exception {
        s.post("/api/v1/namespaces/del/configmaps", cm("plain", null));
        TestServer.Response r = s.delete("/api/v1/namespaces/del/configmaps/plain");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("Success");
        assertThat(r.json().path("details").path("kind").asText()).isEqualTo("configmaps");
        assertThat(s.get("/api/v1/namespaces/del/configmaps/plain").status()).isEqualTo(404);
    }

    @Test
    void aUidPreconditionThatDoesNotMatchIsAConflict() throws Exception {
        s.post("/api/v1/namespaces/del/configmaps", cm("pre", null));
        TestServer.Response r = s.send("DELETE", "/api/v1/namespaces/del/configmaps/pre", "application/json",
                "{\"preconditions\":{\"uid\":\"not-the-uid\"}}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("message").asText()).contains("Precondition failed: UID in precondition: not-the-uid");
    }

    @Test
    void finalizersKeepADeletedObjectUntilTheyAreRemoved() throws Exception {
        s.post("/api/v1/namespaces/del/configmaps", cm("fin", "[\"example.com/hold\"]"));
        TestServer.Response r = s.delete("/api/v1/namespaces/del/configmaps/fin");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("metadata").path("deletionTimestamp").isTextual()).isTrue();
        JsonNode still = s.get("/api/v1/namespaces/del/configmaps/fin").json();
        assertThat(still.path("metadata").path("deletionTimestamp").isTextual()).isTrue();
        // No finalizer may be added now.
        TestServer.Response add = s.patch("/api/v1/namespaces/del/configmaps/fin", "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":[\"example.com/hold\",\"example.com/more\"]}}");
        assertThat(add.status()).isEqualTo(422);
        TestServer.Response done = s.patch("/api/v1/namespaces/del/configmaps/fin", "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(s.get("/api/v1/namespaces/del/configmaps/fin").status()).isEqualTo(404);
    }

    @Test
    void foregroundAndOrphanDeletionLeaveTheGarbageCollectorsFinalizer() throws Exception {
        s.post("/api/v1/namespaces/del/configmaps", cm("fg", null));
        s.post("/api/v1/namespaces/del/configmaps", cm("or", null));
        JsonNode fg = s.send("DELETE", "/api/v1/namespaces/del/configmaps/fg", "application/json",
                "{\"propagationPolicy\":\"Foreground\"}").json();
        JsonNode or = s.send("DELETE", "/api/v1/namespaces/del/configmaps/or?propagationPolicy=Orphan", null, null).json();
        assertThat(fg.path("metadata").path("finalizers").toString()).isEqualTo("[\"foregroundDeletion\"]");
        assertThat(or.path("metadata").path("finalizers").toString()).isEqualTo("[\"orphan\"]");
        assertThat(fg.path("metadata").path("deletionTimestamp").isTextual()).isTrue();
    }

    @Test
    void aBoundPodIsDeletedGracefullyAndAForcedDeleteEndsIt() throws Exception {
        String pod = "{\"metadata\":{\"name\":\"gp\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\","
                + "\"image\":\"busybox\"}]}}";
        assertThat(s.post("/api/v1/namespaces/del/pods", pod).status()).isEqualTo(201);
        JsonNode graceful = s.delete("/api/v1/namespaces/del/pods/gp").json();
        assertThat(graceful.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(s.get("/api/v1/namespaces/del/pods/gp").status()).isEqualTo(200);
        TestServer.Response forced = s.send("DELETE", "/api/v1/namespaces/del/pods/gp", "application/json",
                "{\"gracePeriodSeconds\":0}");
        assertThat(forced.status()).isEqualTo(200);
        assertThat(s.get("/api/v1/namespaces/del/pods/gp").status()).isEqualTo(404);
    }

    @Test
    void aDeletedNamespaceIsTerminatingAndAcceptsNoNewContent() throws Exception {
        s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"going\"}}");
        JsonNode ns = s.delete("/api/v1/namespaces/going").json();
        assertThat(ns.path("status").path("phase").asText()).isEqualTo("Terminating");
        TestServer.Response create = s.post("/api/v1/namespaces/going/configmaps", cm("late", null));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().path("message").asText())
                .contains("unable to create new content in namespace going because it is being terminated");
        // The namespace controller finishes by emptying spec.finalizers through /finalize.
        TestServer.Response fin = s.put("/api/v1/namespaces/going/finalize",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"going\"},\"spec\":{\"finalizers\":[]}}");
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        assertThat(s.get("/api/v1/namespaces/going").status()).isEqualTo(404);
    }

    @Test
    void theSystemNamespacesCannotBeDeleted() throws Exception {
        TestServer.Response r = s.delete("/api/v1/namespaces/kube-system");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains("this namespace may not be deleted");
    }
}
