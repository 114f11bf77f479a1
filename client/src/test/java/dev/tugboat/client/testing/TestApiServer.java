package dev.tugboat.client.testing;

import dev.tugboat.apiserver.ApiServer;
import dev.tugboat.apiserver.ApiServerConfig;
import dev.tugboat.apiserver.StandardComponents;
import dev.tugboat.apiserver.admission.plugins.ServiceAccountAdmission;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real API server in this JVM on a free loopback port, with a SQLite store in a temporary directory,
 * and a client of it. For integration tests; {@link #close()} removes everything.
 */
public final class TestApiServer implements AutoCloseable {

    private final Path dir;
    private final SqliteStore store;
    private final ApiServer server;
    private final ApiClient client;

    private TestApiServer(Path dir, SqliteStore store, ApiServer server) {
        this.dir = dir;
        this.store = store;
        this.server = server;
        this.client = ApiClient.create(ClientConfig.forUrl(server.url(), "tugboat-test/0"));
    }

    /**
     * Starts a server that admits pods whose service account does not exist: the components tested
     * against it run without the service-account controller that creates the {@code default} accounts.
     */
    public static TestApiServer start() throws Exception {
        Path dir = Files.createTempDirectory("tugboat-client-test");
        SqliteStore store = new SqliteStore(dir.resolve("state.db"));
        try {
            ApiServer server = ApiServer.start(ApiServerConfig.defaults().withPort(0), store,
                    StandardComponents.create(StandardComponents.Options.DEFAULT
                            .withMissingAccounts(ServiceAccountAdmission.MissingAccounts.ADMIT)));
            return new TestApiServer(dir, store, server);
        } catch (Exception e) {
            store.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return server.url();
    }

    /** A client shared by the test (closed with the server). */
    public ApiClient client() {
        return client;
    }

    /** A new client of this server; the caller closes it. */
    public ApiClient newClient(String userAgent) {
        return ApiClient.create(ClientConfig.forUrl(server.url(), userAgent));
    }

    @Override
    public void close() {
        client.close();
        server.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
