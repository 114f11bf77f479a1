package dev.tugboat.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.apiserver.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ResourceQuota admission: limits, upstream's messages, and charging status.used by compare-and-swap. */
class ResourceQuotaAdmissionIT {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    /** A namespace with its default account and a quota whose status the test sets (no controller runs). */
    private static void namespaceWithQuota(String ns, String hard, String used) throws Exception {
        s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        s.post("/api/v1/namespaces/" + ns + "/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}");
        assertThat(s.post("/api/v1/namespaces/" + ns + "/resourcequotas",
                "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"hard\":" + hard + "}}").status()).isEqualTo(201);
        if (used != null) {
            assertThat(s.patch("/api/v1/namespaces/" + ns + "/resourcequotas/q/status", "application/merge-patch+json",
                    "{\"status\":{\"hard\":" + hard + ",\"used\":" + used + "}}").status()).isEqualTo(200);
        }
    }

    private static String pod(String name, String resources) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\""
                + (resources == null ? "" : ",\"resources\":" + resources) + "}]}}";
    }

    @Test
    void aPodBeyondTheHardLimitIsForbiddenWithUpstreamsMessage() throws Exception {
        namespaceWithQuota("rq1", "{\"pods\":\"2\"}", "{\"pods\":\"1\"}");
        assertThat(s.post("/api/v1/namespaces/rq1/pods", pod("a", null)).status()).isEqualTo(201);
        assertThat(s.get("/api/v1/namespaces/rq1/resourcequotas/q").json().path("status").path("used").path("pods")
                .asText()).isEqualTo("2");
        TestServer.Response r = s.post("/api/v1/namespaces/rq1/pods", pod("b", null));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("reason").asText()).isEqualTo("Forbidden");
        assertThat(r.json().path("message").asText()).isEqualTo("pods \"b\" is forbidden: exceeded quota: q, "
                + "requested: pods=1, used: pods=2, limited: pods=2");
        assertThat(s.get("/api/v1/namespaces/rq1/pods/b").status()).isEqualTo(404);
    }

    @Test
    void computeQuotaNeedsEveryContainerToStateItAndChargesTheSums() throws Exception {
        namespaceWithQuota("rq2", "{\"requests.cpu\":\"1\",\"limits.memory\":\"1Gi\"}",
                "{\"requests.cpu\":\"0\",\"limits.memory\":\"0\"}");
        TestServer.Response bare = s.post("/api/v1/namespaces/rq2/pods", pod("bare", null));
        assertThat(bare.status()).isEqualTo(403);
        assertThat(bare.json().path("message").asText()).isEqualTo("pods \"bare\" is forbidden: failed quota: q: "
                + "must specify limits.memory for: c; requests.cpu for: c");
        String res = "{\"requests\":{\"cpu\":\"600m\"},\"limits\":{\"memory\":\"512Mi\"}}";
        assertThat(s.post("/api/v1/namespaces/rq2/pods", pod("one", res)).status()).isEqualTo(201);
        TestServer.Response two = s.post("/api/v1/namespaces/rq2/pods", pod("two", res));
        assertThat(two.json().path("message").asText()).isEqualTo("pods \"two\" is forbidden: exceeded quota: q, "
                + "requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1");
    }

    @Test
    void aQuotaWithoutStatusRejectsUntilItIsCounted() throws Exception {
        namespaceWithQuota("rq3", "{\"count/configmaps\":\"5\",\"pods\":\"3\"}", null);
        TestServer.Response r = s.post("/api/v1/namespaces/rq3/configmaps", "{\"metadata\":{\"name\":\"c\"}}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).isEqualTo("configmaps \"c\" is forbidden: status unknown for "
                + "quota: q, resources: count/configmaps,pods");
    }

    @Test
    void concurrentCreationsCannotBothTakeTheLastUnit() throws Exception {
        namespaceWithQuota("rq4", "{\"count/configmaps\":\"5\"}", "{\"count/configmaps\":\"0\"}");
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = "{\"metadata\":{\"name\":\"c" + i + "\"}}";
            creates.add(() -> s.post("/api/v1/namespaces/rq4/configmaps", body).status());
        }
        int created = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Integer> f : pool.invokeAll(creates)) {
                created += f.get() == 201 ? 1 : 0;
            }
        }
        assertThat(created).isEqualTo(5);
        assertThat(s.get("/api/v1/namespaces/rq4/resourcequotas/q").json().path("status").path("used")
                .path("count/configmaps").asText()).isEqualTo("5");
    }
}
