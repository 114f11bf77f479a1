package dev.tugboat.kubelet.prober;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Upstream's probe messages embed Go's own texts (net errors, durations, addresses); users and
 * scripts read them in events, so the Java failures are rendered the same way.
 */
final class GoText {

    private GoText() {
    }

    /** Go's net.JoinHostPort: an IPv6 literal gets brackets. */
    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Go's time.Duration.String() for whole seconds: 1s, 1m30s, 2h0m0s. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }

    /**
     * A failed TCP dial as Go's net package words it, e.g.
     * {@code dial tcp 10.244.0.5:81: connect: connection refused} or {@code dial tcp 10.0.0.9:80: i/o timeout}.
     */
    static String dialError(String hostPort, IOException e) {
        return "dial tcp " + hostPort + ": " + dialCause(e);
    }

    private static String dialCause(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "i/o timeout";
        }
        if (e instanceof UnknownHostException) {
            return "lookup " + e.getMessage() + ": no such host";
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof NoRouteToHostException || message.contains("no route to host")) {
            return "connect: no route to host";
        }
        if (message.contains("network is unreachable")) {
            return "connect: network is unreachable";
        }
        if (e instanceof ConnectException || message.contains("connection refused")) {
            return "connect: connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Go's %q of a string: double quotes, with quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** grpc-go's name for a status code, e.g. NotFound for NOT_FOUND. */
    static String grpcCode(io.grpc.Status.Code code) {
        StringBuilder out = new StringBuilder();
        for (String part : code.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return switch (code) {
            case OK -> "OK";
            default -> out.toString();
        };
    }
}
