package dev.tugboat.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pods/eviction subresource and PodDisruptionBudgets, as upstream's EvictionREST. */
class EvictionIT {

    private static final String JSON = "application/json";
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static final String PDBS = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
    private TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = new TestServer();
        // No service-account controller runs here: pods need their account made by hand.
        s.post("/api/v1/namespaces/default/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    /** A pod of app=web in the given phase and readiness, bound to a node (so deletion is graceful). */
    private void pod(String name, String phase, boolean ready) throws Exception {
        TestServer.Response r = s.post(PODS, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"web"}},
                 "spec":{"nodeName":"n1","containers":[{"name":"c","image":"nginx"}]}}""".formatted(name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        r = s.patch(PODS + "/" + name + "/status", "application/merge-patch+json", """
                {"status":{"phase":"%s","conditions":[{"type":"Ready","status":"%s"}]}}"""
                .formatted(phase, ready ? "True" : "False"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A budget over app=web with the status a disruption controller would have written. */
    private void budget(int allowed, int current, int desired, long observedGeneration) throws Exception {
        TestServer.Response r = s.post(PDBS, """
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web"},
                 "spec":{"minAvailable":%d,"selector":{"matchLabels":{"app":"web"}}}}""".formatted(desired));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        r = s.put(PDBS + "/web/status", """
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget",
                 "metadata":{"name":"web","resourceVersion":"%s"},"spec":%s,
                 "status":{"observedGeneration":%d,"disruptionsAllowed":%d,"currentHealthy":%d,"desiredHealthy":%d,
                           "expectedPods":%d,"conditions":[{"type":"DisruptionAllowed","status":"True",
                           "reason":"SufficientPods","message":"","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}"""
                .formatted(r.json().at("/metadata/resourceVersion").asText(), r.json().get("spec"), observedGeneration,
                        allowed, current, desired, current));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private TestServer.Response evict(String name) throws Exception {
        return s.post(PODS + "/" + name + "/eviction", """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"default"}}"""
                .formatted(name));
    }

    @Test
    void anEvictionTakesOneDisruptionAndRecordsThePodThenTheNextIsRefusedWith429() throws Exception {
        pod("a", "Running", true);
        pod("b", "Running", true);
        pod("c", "Running", true);
        budget(1, 3, 2, 1);

        TestServer.Response ok = evict("a");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().path("status").asText()).isEqualTo("Success");
        JsonNode evicted = s.get(PODS + "/a").json();
        assertThat(evicted.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
        JsonNode target = evicted.at("/status/conditions/1");
        assertThat(target.path("type").asText()).isEqualTo("DisruptionTarget");
        assertThat(target.path("status").asText()).isEqualTo("True");
        assertThat(target.path("reason").asText()).isEqualTo("EvictionByEvictionAPI");
        assertThat(target.path("message").asText()).isEqualTo("Eviction API: evicting");
        JsonNode status = s.get(PDBS + "/web").json().path("status");
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("disruptedPods").has("a")).isTrue();
        assertThat(status.at("/conditions/0/status").asText()).isEqualTo("False");
        assertThat(status.at("/conditions/0/reason").asText()).isEqualTo("InsufficientPods");

        TestServer.Response refused = evict("b");
        assertThat(refused.status()).isEqualTo(429);
        JsonNode body = refused.json();
        assertThat(body.path("reason").asText()).isEqualTo("TooManyRequests");
        assertThat(body.path("message").asText())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(body.at("/details/causes/0/reason").asText()).isEqualTo("DisruptionBudget");
        assertThat(body.at("/details/causes/0/message").asText())
                .isEqualTo("The disruption budget web needs 2 healthy pods and has 3 currently");
        assertThat(s.get(PODS + "/b").json().at("/metadata/deletionTimestamp").isMissingNode()).isTrue();
    }

    @Test
    void aBudgetNotYetObservedByTheControllerIsStillBeingProcessed() throws Exception {
        pod("a", "Running", true);
        budget(1, 3, 2, 0);
        TestServer.Response refused = evict("a");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/details/causes/0/message").asText())
                .isEqualTo("The disruption budget web is still being processed by the server.");
        assertThat(refused.json().at("/details/retryAfterSeconds").asInt()).isEqualTo(10);
    }

    @Test
    void anUnreadyPodGoesWithoutUsingUpAHealthyBudget() throws Exception {
        pod("a", "Running", true);
        pod("b", "Running", true);
        pod("sick", "Running", false);
        budget(0, 2, 2, 1);
        TestServer.Response ok = evict("sick");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        JsonNode status = s.get(PDBS + "/web").json().path("status");
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.has("disruptedPods")).isFalse();
        assertThat(evict("a").status()).isEqualTo(429);
    }

    @Test
    void pendingAndFinishedPodsIgnoreTheBudget() throws Exception {
        pod("pending", "Pending", false);
        pod("done", "Succeeded", false);
        budget(0, 0, 2, 1);
        assertThat(evict("pending").status()).isEqualTo(201);
        assertThat(evict("done").status()).isEqualTo(201);
    }

    @Test
    void aPodUnderTwoBudgetsCannotBeEvicted() throws Exception {
        pod("a", "Running", true);
        budget(1, 1, 0, 1);
        TestServer.Response r = s.post(PDBS, """
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"other"},
                 "spec":{"maxUnavailable":1,"selector":{"matchLabels":{"app":"web"}}}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        r = evict("a");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("message").asText())
                .isEqualTo("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }
}
