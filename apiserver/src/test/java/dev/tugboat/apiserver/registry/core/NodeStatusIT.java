package dev.tugboat.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.apiserver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Node keeps the status it is created with (a kubelet registers in one request); an update does not change it. */
class NodeStatusIT {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void statusGivenOnCreateIsKeptAndAPlainUpdateLeavesIt() throws Exception {
        TestServer.Response created = s.post("/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},
                 "status":{"capacity":{"cpu":"4","pods":"110"},"allocatable":{"cpu":"4","pods":"110"},
                           "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/status/capacity/cpu").asText()).isEqualTo("4");
        assertThat(s.get("/api/v1/nodes/n1").json().at("/status/conditions/0/reason").asText()).isEqualTo("KubeletReady");

        TestServer.Response patched = s.patch("/api/v1/nodes/n1", "application/merge-patch+json",
                "{\"status\":{\"capacity\":{\"cpu\":\"8\"}},\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().at("/status/capacity/cpu").asText()).isEqualTo("4");
        assertThat(patched.json().at("/metadata/labels/a").asText()).isEqualTo("b");
    }
}
