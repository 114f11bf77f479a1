package dev.tugboat.client.rest;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How to reach an API server.
 *
 * @param server         the base URL, e.g. {@code http://127.0.0.1:6443}
 * @param userAgent      sent as User-Agent; the server derives the default field manager from it
 * @param requestTimeout the limit for one non-streaming request
 * @param credentials    adds authentication to every request ({@link Credentials#NONE} for none)
 * @param sslContext     the TLS context for {@code https} servers (empty: the JDK default)
 */
public record ClientConfig(URI server, String userAgent, Duration requestTimeout, Credentials credentials,
                           Optional<SSLContext> sslContext) {

    public ClientConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(sslContext, "sslContext");
        String s = server.toString();
        if (s.endsWith("/")) {
            server = URI.create(s.substring(0, s.length() - 1));
        }
    }

    /** Plain http, no credentials, a 60 s request timeout. */
    public static ClientConfig forUrl(String url, String userAgent) {
        return new ClientConfig(URI.create(url), userAgent, Duration.ofSeconds(60), Credentials.NONE, Optional.empty());
    }

    public ClientConfig withCredentials(Credentials c) {
        return new ClientConfig(server, userAgent, requestTimeout, c, sslContext);
    }

    public ClientConfig withRequestTimeout(Duration d) {
        return new ClientConfig(server, userAgent, d, credentials, sslContext);
    }

    public ClientConfig withSslContext(SSLContext ctx) {
        return new ClientConfig(server, userAgent, requestTimeout, credentials, Optional.of(ctx));
    }
}
