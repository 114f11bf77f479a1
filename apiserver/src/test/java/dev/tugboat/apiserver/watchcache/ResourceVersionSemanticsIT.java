package dev.tugboat.apiserver.watchcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.apiserver.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lists and watches follow Kubernetes' resourceVersion rules, served from the watch cache. */
class ResourceVersionSemanticsIT {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static String cm(String name, String label) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"tier\":\"" + label + "\"}},\"data\":{\"k\":\"v\"}}";
    }

    private static void createNamespace(String ns) throws Exception {
        assertThat(s.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").status()).isEqualTo(201);
    }

    private static JsonNode next(BlockingQueue<String> lines) throws Exception {
        String line = lines.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("a watch event within 10s").isNotNull();
        return Json.MAPPER.readTree(line);
    }

    @Test
    void aListWithoutResourceVersionSeesEveryAcknowledgedWrite() throws Exception {
        createNamespace("consistent");
        for (int i = 0; i < 50; i++) {
            assertThat(s.post("/api/v1/namespaces/consistent/configmaps", cm("c" + i, "a")).status()).isEqualTo(201);
            JsonNode list = s.get("/api/v1/namespaces/consistent/configmaps").json();
            assertThat(list.path("items")).hasSize(i + 1);
        }
    }

    @Test
    void aWatchFromAListRevisionSeesOnlyLaterChangesWithSelectorTransitions() throws Exception {
        createNamespace("watching");
        s.post("/api/v1/namespaces/watching/configmaps", cm("before", "front"));
        String rv = s.get("/api/v1/namespaces/watching/configmaps?labelSelector=tier%3Dfront").json()
                .path("metadata").path("resourceVersion").asText();
        BlockingQueue<String> events = s.stream("/api/v1/namespaces/watching/configmaps?watch=true&resourceVersion="
                + rv + "&labelSelector=tier%3Dfront");
        s.post("/api/v1/namespaces/watching/configmaps", cm("after", "front"));
        s.post("/api/v1/namespaces/watching/configmaps", cm("other", "back"));
        s.patch("/api/v1/namespaces/watching/configmaps/after", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"tier\":\"back\"}}}");
        s.patch("/api/v1/namespaces/watching/configmaps/other", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}");
        s.delete("/api/v1/namespaces/watching/configmaps/other");

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode e = next(events);
            seen.add(e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText());
        }
        // "before" existed at the list's revision: not replayed. Leaving the selection is a DELETED.
        assertThat(seen).containsExactly("ADDED after", "DELETED after", "ADDED other", "DELETED other");
    }

    @Test
    void pagesOfOneListAreAtOneRevisionWhileWritesContinue() throws Exception {
        createNamespace("paging");
        for (int i = 0; i < 30; i++) {
            s.post("/api/v1/namespaces/paging/configmaps", cm(String.format("p%02d", i), "a"));
        }
        JsonNode first = s.get("/api/v1/namespaces/paging/configmaps?limit=10").json();
        String rv = first.path("metadata").path("resourceVersion").asText();
        String token = first.path("metadata").path("continue").asText();
        assertThat(token).isNotEmpty();
        // Writes after the first page are not visible in later pages.
        s.post("/api/v1/namespaces/paging/configmaps", cm("p05x", "a"));
        s.delete("/api/v1/namespaces/paging/configmaps/p25");
        List<String> names = new ArrayList<>();
        first.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        while (!token.isEmpty()) {
            JsonNode page = s.get("/api/v1/namespaces/paging/configmaps?limit=10&continue=" + token).json();
            assertThat(page.path("metadata").path("resourceVersion").asText()).isEqualTo(rv);
            page.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
            token = page.path("metadata").path("continue").asText("");
        }
        assertThat(names).hasSize(30).doesNotContain("p05x").contains("p25");
    }

    @Test
    void pagesOfAnUnfilteredListTellHowManyObjectsRemain() throws Exception {
        createNamespace("counting");
        for (int i = 0; i < 25; i++) {
            s.post("/api/v1/namespaces/counting/configmaps", cm(String.format("r%02d", i), i < 5 ? "a" : "b"));
        }
        JsonNode first = s.get("/api/v1/namespaces/counting/configmaps?limit=10").json();
        assertThat(first.at("/metadata/remainingItemCount").asLong()).isEqualTo(15);
        JsonNode second = s.get("/api/v1/namespaces/counting/configmaps?limit=10&continue="
                + first.at("/metadata/continue").asText()).json();
        assertThat(second.at("/metadata/remainingItemCount").asLong()).isEqualTo(5);
        JsonNode last = s.get("/api/v1/namespaces/counting/configmaps?limit=10&continue="
                + second.at("/metadata/continue").asText()).json();
        assertThat(last.path("items")).hasSize(5);
        assertThat(last.path("metadata").has("remainingItemCount")).isFalse();
        // With a selector the server cannot know without evaluating the rest: upstream omits it too.
        JsonNode selected = s.get("/api/v1/namespaces/counting/configmaps?limit=10&labelSelector=tier%3Db").json();
        assertThat(selected.path("metadata").path("continue").asText()).isNotEmpty();
        assertThat(selected.path("metadata").has("remainingItemCount")).isFalse();
        // Across namespaces the count stays within the listed prefix.
        JsonNode all = s.get("/api/v1/namespaces/counting/configmaps?limit=24").json();
        assertThat(all.at("/metadata/remainingItemCount").asLong()).isEqualTo(1);
    }

    @Test
    void anExactListShowsThePastAndAnOldContinueTokenExpiresAfterCompaction() throws Exception {
        createNamespace("history");
        s.post("/api/v1/namespaces/history/configmaps", cm("h1", "a"));
        String rv = s.get("/api/v1/namespaces/history/configmaps").json().path("metadata").path("resourceVersion").asText();
        s.delete("/api/v1/namespaces/history/configmaps/h1");
        s.post("/api/v1/namespaces/history/configmaps", cm("h2", "a"));
        s.post("/api/v1/namespaces/history/configmaps", cm("h3", "a"));

        JsonNode past = s.get("/api/v1/namespaces/history/configmaps?resourceVersion=" + rv
                + "&resourceVersionMatch=Exact").json();
        assertThat(past.path("items")).hasSize(1);
        assertThat(past.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("h1");

        String token = s.get("/api/v1/namespaces/history/configmaps?limit=1").json()
                .path("metadata").path("continue").asText();
        s.post("/api/v1/namespaces/history/configmaps", cm("h4", "a"));
        s.store().compact(s.store().currentRevision());
        TestServer.Response expired = s.get("/api/v1/namespaces/history/configmaps?limit=1&continue=" + token);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.json().path("reason").asText()).isEqualTo("Expired");
        TestServer.Response tooOld = s.get("/api/v1/namespaces/history/configmaps?resourceVersion=" + rv
                + "&resourceVersionMatch=Exact");
        assertThat(tooOld.status()).isEqualTo(410);
    }

    @Test
    void aStreamingListSendsTheCurrentObjectsThenTheInitialEventsEndBookmark() throws Exception {
        createNamespace("streaming");
        s.post("/api/v1/namespaces/streaming/configmaps", cm("s1", "a"));
        s.post("/api/v1/namespaces/streaming/configmaps", cm("s2", "a"));
        BlockingQueue<String> events = s.stream("/api/v1/namespaces/streaming/configmaps?watch=true"
                + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        assertThat(next(events).path("type").asText()).isEqualTo("ADDED");
        assertThat(next(events).path("type").asText()).isEqualTo("ADDED");
        JsonNode bookmark = next(events);
        assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
        assertThat(bookmark.path("object").path("metadata").path("annotations")
                .path("k8s.io/initial-events-end").asText()).isEqualTo("true");
    }
}
