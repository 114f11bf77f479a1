package dev.tugboat.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.apiserver.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Patches racing each other: one without a resourceVersion is re-applied to the fresh object when it
 * loses a compare-and-swap (as upstream's patcher does), so concurrent writers all succeed; one that
 * names a resourceVersion is a precondition and fails with 409 once the object has moved on.
 */
class ConcurrentPatchIT {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
        s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"race\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void patchesWithoutAResourceVersionAllSucceedUnderContention() throws Exception {
        s.post("/api/v1/namespaces/race/configmaps", "{\"metadata\":{\"name\":\"shared\"}}");
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        statuses.add(s.patch("/api/v1/namespaces/race/configmaps/shared", "application/merge-patch+json",
                                "{\"data\":{\"w" + writer + "-" + i + "\":\"x\"}}").status());
                    } catch (Exception e) {
                        statuses.add(-1);
                    }
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        assertThat(statuses).hasSize(200).containsOnly(200);
        assertThat(s.get("/api/v1/namespaces/race/configmaps/shared").json().path("data").size()).isEqualTo(200);
    }

    @Test
    void aPatchNamingAnOldResourceVersionIsAConflict() throws Exception {
        String rv = s.post("/api/v1/namespaces/race/configmaps", "{\"metadata\":{\"name\":\"pinned\"}}").json()
                .at("/metadata/resourceVersion").asText();
        assertThat(s.patch("/api/v1/namespaces/race/configmaps/pinned", "application/merge-patch+json",
                "{\"data\":{\"a\":\"1\"}}").status()).isEqualTo(200);
        TestServer.Response stale = s.patch("/api/v1/namespaces/race/configmaps/pinned", "application/merge-patch+json",
                "{\"metadata\":{\"resourceVersion\":\"" + rv + "\"},\"data\":{\"b\":\"2\"}}");
        assertThat(stale.status()).isEqualTo(409);
    }
}
