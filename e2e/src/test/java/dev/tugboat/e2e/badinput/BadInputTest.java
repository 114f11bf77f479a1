package dev.tugboat.e2e.badinput;

import static dev.tugboat.e2e.badinput.Fixtures.CONFIGMAPS;
import static dev.tugboat.e2e.badinput.Fixtures.JSON;
import static dev.tugboat.e2e.badinput.Fixtures.NS;
import static dev.tugboat.e2e.badinput.Fixtures.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.e2e.ServerProcess;
import dev.tugboat.e2e.badinput.Fixtures.Kind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hundreds of malformed and hostile requests against one real server process. Each must get a 4xx
 * whose body is a failure {@code Status} naming the problem — never a 5xx, never a hang — and the
 * server must be healthy and unchanged afterwards (issue "Done when" item 4).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static ServerProcess server;
    private static HttpClient http;

    @BeforeAll
    static void startServerWithTargets() throws Exception {
        server = ServerProcess.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        expectStatus(send("POST", Fixtures.NAMESPACES, JSON, "{\"metadata\":{\"name\":\"" + NS + "\"}}"), 201);
        for (Kind kind : Kind.values()) {
            expectStatus(send("POST", kind.collection, JSON, kind.valid(TARGET).toString()), 201);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server.deleteData();
        }
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(BodyCases.all(), TypeCases.all(), UnknownFields.strict(), MetadataCases.all(),
                QueryCases.all(), RoutingCases.all()).flatMap(List::stream);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRejectedWithAFailureStatusNamingTheProblem(BadRequest c) throws Exception {
        HttpResponse<String> r = send(c.method(), c.path(), c.contentType(), c.body());
        String context = c.method() + " " + abbreviate(c.path(), 200) + " -> " + r.statusCode() + " "
                + abbreviate(r.body(), 600);
        assertThat(r.statusCode()).as(context).isEqualTo(c.code());
        JsonNode status = parseStatus(r, context);
        assertThat(status.path("reason").asText()).as(context).isEqualTo(c.reason());
        String message = status.path("message").asText();
        for (String word : c.messageWords()) {
            assertThat(message).as(context).contains(word);
        }
        if (c.causeField() != null) {
            List<String> fields = new ArrayList<>();
            status.path("details").path("causes").forEach(cause -> fields.add(cause.path("field").asText()));
            assertThat(fields).as(context).contains(c.causeField());
        }
    }

    static Stream<UnknownFields.Lenient> lenientUnknownFields() {
        return UnknownFields.lenient().stream();
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("lenientUnknownFields")
    void unknownFieldsOutsideStrictAreDroppedWithAWarningOnlyUnderWarn(UnknownFields.Lenient c) throws Exception {
        String name = ("unknown-" + c.placement().kind() + "-" + c.placement().path() + "-" + c.mode())
                .toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        HttpResponse<String> r = send("POST", c.placement().kind().collection + "?fieldValidation=" + c.mode(), JSON,
                c.placement().body(name).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        List<String> warnings = r.headers().allValues("Warning");
        String expected = "unknown field \\\"" + c.placement().path() + "\\\"";
        if (c.mode().equals("Warn")) {
            assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("299 - ").contains(expected));
        } else {
            assertThat(warnings).isEmpty();
        }
        HttpResponse<String> stored = send("GET", c.placement().kind().object(name), null, (byte[]) null);
        assertThat(stored.statusCode()).isEqualTo(200);
        JsonNode obj = Json.MAPPER.readTree(stored.body());
        assertThat(Fixtures.get(obj, c.placement().path()).isMissingNode())
                .as("%s is not stored: %s", c.placement().path(), stored.body()).isTrue();
    }

    /** A byte sequence that is not a well-formed HTTP/1.1 request. */
    record Junk(String description, byte[] bytes) {
        static Junk of(String description, String request) {
            return new Junk(description, request.getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Junk> httpJunk() {
        String post = "POST " + CONFIGMAPS + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        List<Junk> junk = new ArrayList<>(List.of(
                Junk.of("a request line that is one word", "GARBAGE\r\n\r\n"),
                Junk.of("a method without a path", "GET\r\n\r\n"),
                Junk.of("a request line with too many parts", "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n"),
                Junk.of("the HTTP/2 preface on the HTTP/1.1 port", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                Junk.of("a header line without a colon", "GET /api HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n"),
                Junk.of("a header name with a space", "GET /api HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n"),
                Junk.of("a non-numeric Content-Length", post + "Content-Length: abc\r\n\r\n{}"),
                Junk.of("a negative Content-Length", post + "Content-Length: -5\r\n\r\n{}"),
                Junk.of("two different Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 7\r\n\r\n{}"),
                Junk.of("an invalid chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                Junk.of("an unknown transfer coding", post + "Transfer-Encoding: gzip, rot13\r\n\r\n{}"),
                Junk.of("a request line of 20000 characters", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                Junk.of("a query of 5000 parameters", "GET /api?" + "a=b&".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                Junk.of("a header of 70000 characters", "GET /api HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000)
                        + "\r\n\r\n"),
                Junk.of("1.6 MB of headers", "GET /api HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(200_000) + "\r\n"),
                Junk.of("a broken %-escape in the path",
                        "GET /api/v1/namespaces/%zz/pods HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Junk.of("a truncated %-escape in the query",
                        "GET " + CONFIGMAPS + "?limit=%Z HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Junk.of("an unknown method", "FOO /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Junk.of("CONNECT to another host", "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Junk.of("TRACE of a collection", "TRACE " + CONFIGMAPS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                Junk.of("a relative request target", "GET api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[64 + random.nextInt(512)];
            random.nextBytes(bytes);
            bytes[0] = 0;
            bytes[bytes.length - 4] = '\r';
            bytes[bytes.length - 3] = '\n';
            bytes[bytes.length - 2] = '\r';
            bytes[bytes.length - 1] = '\n';
            junk.add(new Junk(bytes.length + " random bytes (#" + i + ")", bytes));
        }
        return junk.stream();
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("httpJunk")
    void httpLevelJunkGetsA4xxPromptly(Junk j) throws Exception {
        RawHttp.Response r = RawHttp.exchange(server.port(), j.bytes(), Duration.ofSeconds(10));
        assertThat(r.status()).as("the server answered within 10s: %s", r.head()).isNotEqualTo(-1);
        assertThat(r.status()).as("an HTTP answer before closing: %s", r.head()).isNotZero();
        assertThat(r.status()).as(r.head() + r.body()).isBetween(400, 499);
    }

    @Order(4)
    @Test
    void aBodyShorterThanItsContentLengthStallsOnlyItsOwnConnection() throws Exception {
        try (Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write(("POST " + CONFIGMAPS + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":1}")
                    .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            // Other clients are served while that request waits for the rest of its body.
            for (int i = 0; i < 3; i++) {
                assertThat(send("GET", "/readyz", null, (byte[]) null).statusCode()).isEqualTo(200);
            }
            // A client that gives up (closes its side) gets the connection closed, not a hang or a 5xx.
            stalled.shutdownOutput();
            RawHttp.Response r = RawHttp.read(new BufferedInputStream(stalled.getInputStream()));
            assertThat(r.status()).as("closed within 10s: %s", r.head()).isNotEqualTo(-1);
            assertThat(r.status()).as(r.head()).isLessThan(500);
        }
    }

    @Order(4)
    @Test
    void aBodyLongerThanItsContentLengthIsReadOnlyUpToThatLength() throws Exception {
        String body = "{\"metadata\":{\"name\":\"cut\"}}";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST " + CONFIGMAPS + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5\r\n\r\n" + body + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream());
            RawHttp.Response first = RawHttp.read(in);
            assertThat(first.status()).as(first.head() + first.body()).isEqualTo(400);
            JsonNode status = Json.MAPPER.readTree(first.body());
            assertThat(status.path("kind").asText()).isEqualTo("Status");
            assertThat(status.path("message").asText()).contains("not valid JSON");
            // The rest of the bytes are read as the next request line, which is garbage: a 400.
            RawHttp.Response rest = RawHttp.read(in);
            assertThat(rest.status()).as(rest.head()).isEqualTo(400);
        }
        assertThat(send("GET", CONFIGMAPS + "/cut", null, (byte[]) null).statusCode()).isEqualTo(404);
    }

    @Order(5)
    @Test
    void anOversizedBodySentWithExpectContinueGetsThe413StatusBeforeItIsSent() throws Exception {
        byte[] big = ("{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + CONFIGMAPS)).timeout(REQUEST_TIMEOUT)
                .expectContinue(true).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(413);
        JsonNode status = parseStatus(r, r.body());
        assertThat(status.path("reason").asText()).isEqualTo("RequestEntityTooLarge");
        assertThat(status.path("message").asText()).contains("3145728");
    }

    /**
     * Upstream reads boolean query parameters leniently (only "0" and "false" are false), so
     * {@code watch=maybe} is a watch, not an error: the stream starts with the existing objects.
     */
    @Order(5)
    @Test
    void aBooleanQueryValueOtherThanFalseOrZeroMeansTrue() throws Exception {
        HttpResponse<String> r = send("GET", CONFIGMAPS + "?watch=maybe&timeoutSeconds=1", null, (byte[]) null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("{\"type\":\"ADDED\"").contains("\"name\":\"" + TARGET + "\"");
        HttpResponse<String> list = send("GET", CONFIGMAPS + "?watch=False", null, (byte[]) null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(list.body()).path("kind").asText()).isEqualTo("ConfigMapList");
    }

    /**
     * A resourceVersion newer than anything stored is not malformed: upstream waits about three
     * seconds for it and then answers 504 Timeout with reason "Timeout", still as a Status.
     */
    @Order(5)
    @Test
    void aResourceVersionFromTheFutureTimesOutAsUpstreamDoes() throws Exception {
        HttpResponse<String> r = send("GET", CONFIGMAPS + "?resourceVersion=999999999", null, (byte[]) null);
        assertThat(r.statusCode()).isEqualTo(504);
        JsonNode status = parseStatus(r, r.body());
        assertThat(status.path("reason").asText()).isEqualTo("Timeout");
        assertThat(status.path("message").asText()).contains("Too large resource version", "999999999");
    }

    @Order(100)
    @Test
    void theServerIsHealthyAndUnchangedAfterwards() throws Exception {
        HttpResponse<String> ready = send("GET", "/readyz", null, (byte[]) null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok");
        // Every target survived the PUTs, PATCHes and DELETEs aimed at it, unchanged.
        for (Kind kind : Kind.values()) {
            HttpResponse<String> r = send("GET", kind.object(TARGET), null, (byte[]) null);
            assertThat(r.statusCode()).as(kind.kind).isEqualTo(200);
            JsonNode obj = Json.MAPPER.readTree(r.body());
            assertThat(obj.path("metadata").path("generation").asLong(1)).as(kind.kind).isEqualTo(1);
        }
        HttpResponse<String> cm = send("GET", CONFIGMAPS + "/" + TARGET, null, (byte[]) null);
        assertThat(Json.MAPPER.readTree(cm.body()).path("data")).isEqualTo(Fixtures.configMap(TARGET).get("data"));
        // No rejected create stored anything: the only ConfigMaps are the target and the lenient-mode ones.
        Set<String> names = new TreeSet<>();
        Json.MAPPER.readTree(send("GET", CONFIGMAPS, null, (byte[]) null).body()).path("items")
                .forEach(i -> names.add(i.path("metadata").path("name").asText()));
        assertThat(names).allSatisfy(n -> assertThat(n.equals(TARGET) || n.startsWith("unknown-")).as(n).isTrue());
        // A normal request still works.
        HttpResponse<String> created = send("POST", CONFIGMAPS, JSON, Fixtures.configMap("healthy").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(send("DELETE", CONFIGMAPS + "/healthy", null, (byte[]) null).statusCode()).isEqualTo(200);
        assertThat(server.logText()).doesNotContain(" ERROR ");
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void expectStatus(HttpResponse<String> r, int code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
    }

    /** The body as a failure Status whose code is the HTTP status; fails the test otherwise. */
    private static JsonNode parseStatus(HttpResponse<String> r, String context) {
        assertThat(r.headers().firstValue("Content-Type")).as(context).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode status;
        try {
            status = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return fail("not JSON: " + context);
        }
        assertThat(status.path("kind").asText()).as(context).isEqualTo("Status");
        assertThat(status.path("apiVersion").asText()).as(context).isEqualTo("v1");
        assertThat(status.path("status").asText()).as(context).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).as(context).isEqualTo(r.statusCode());
        assertThat(status.path("reason").asText()).as(context).isNotEmpty();
        assertThat(status.path("message").asText()).as(context).isNotEmpty();
        return status;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }
}
