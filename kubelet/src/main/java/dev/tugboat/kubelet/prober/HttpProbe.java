package dev.tugboat.kubelet.prober;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The httpGet probe, with upstream's rules: one GET per probe on a fresh connection (no keep-alive),
 * HTTPS without certificate or host name checks, {@code User-Agent: kube-probe/<major.minor>} and
 * {@code Accept: *}{@code /*} unless the probe sets them (an empty Accept removes it), a Host header
 * from the probe's headers when given; a status from 200 to 399 passes; redirects are followed only
 * to the same host name (at most 10), a redirect elsewhere is not followed and counts as success with
 * a warning; at most 10 KiB of the body is read. The whole exchange has the probe's timeout.
 *
 * <p>A plain HTTP/1.1 exchange over a socket rather than java.net.http: that client refuses to send a
 * Host header of the caller's choice and verifies host names for HTTPS, both of which probes need.
 */
final class HttpProbe {

    static final int MAX_BODY_BYTES = 10 * 1024;
    static final int MAX_REDIRECTS = 10;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final String userAgent;
    private final SSLSocketFactory insecureTls;

    /** @param kubeletVersion e.g. {@code v1.31.2}; the agent says {@code kube-probe/1.31} */
    HttpProbe(String kubeletVersion) {
        this.userAgent = "kube-probe/" + majorMinor(kubeletVersion);
        this.insecureTls = insecureTls();
    }

    static String majorMinor(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        String[] parts = v.split("[.+-]");
        if (parts.length >= 2 && parts[0].chars().allMatch(Character::isDigit) && parts[1].chars().allMatch(Character::isDigit)
                && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return parts[0] + "." + parts[1];
        }
        return "0.0";
    }

    /** The URL upstream builds (and prints in errors): {@code scheme://host:port/path}. */
    static String url(String scheme, String host, int port, String path) {
        String p = path.isEmpty() || path.startsWith("/") ? path : "/" + path;
        return scheme + "://" + GoText.hostPort(host, port) + p;
    }

    ProbeOutcome run(String url, List<ProbeSpec.Header> headers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<String> hostHeader = headers.stream()
                .filter(h -> h.name().equalsIgnoreCase("Host")).map(ProbeSpec.Header::value).findFirst();
        String current = url;
        Optional<String> currentHost = hostHeader;
        for (int redirects = 0; ; redirects++) {
            URI uri;
            try {
                uri = new URI(current);
            } catch (URISyntaxException e) {
                return ProbeOutcome.failure(e.getMessage());
            }
            Response response;
            try {
                response = exchange(uri, currentHost, headers, deadline);
            } catch (SocketTimeoutException e) {
                return ProbeOutcome.failure("Get " + GoText.quote(current)
                        + ": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
            } catch (DialFailure e) {
                return ProbeOutcome.failure("Get " + GoText.quote(current) + ": "
                        + GoText.dialError(GoText.hostPort(uri.getHost(), port(uri)), e.cause));
            } catch (IOException e) {
                return ProbeOutcome.failure("Get " + GoText.quote(current) + ": " + e.getMessage());
            }
            int status = response.status();
            Optional<String> location = response.location();
            if (status >= 300 && status < 400 && location.isPresent()) {
                URI relative;
                try {
                    relative = new URI(location.get());
                } catch (URISyntaxException e) {
                    return ProbeOutcome.failure("Get " + GoText.quote(current) + ": failed to parse Location header "
                            + GoText.quote(location.get()) + ": " + e.getMessage());
                }
                URI next = uri.resolve(relative);
                if (next.getHost() != null && next.getHost().equalsIgnoreCase(uri.getHost())) {
                    if (redirects + 1 > MAX_REDIRECTS) {
                        return ProbeOutcome.failure("Get " + GoText.quote(next.toString()) + ": stopped after 10 redirects");
                    }
                    // A caller's Host header survives only a relative redirect, as in Go's client.
                    currentHost = relative.isAbsolute() ? Optional.empty() : currentHost;
                    current = next.toString();
                    continue;
                }
            }
            if (status >= 200 && status < 400) {
                if (status >= 300) {
                    return ProbeOutcome.warning("Probe terminated redirects, Response body: " + response.body());
                }
                return ProbeOutcome.success(response.body());
            }
            return ProbeOutcome.failure("HTTP probe failed with statuscode: " + status);
        }
    }

    private record Response(int status, List<String[]> headers, String body) {
        Optional<String> location() {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase("Location")).map(h -> h[1]).findFirst();
        }

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }
    }

    /** Connecting failed: Go reports it as a dial error. */
    private static final class DialFailure extends IOException {
        final IOException cause;

        DialFailure(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private Response exchange(URI uri, Optional<String> hostHeader, List<ProbeSpec.Header> headers, long deadline)
            throws IOException {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("unsupported protocol scheme " + GoText.quote(scheme));
        }
        String host = uri.getHost();
        int port = port(uri);
        try (Socket plain = new Socket()) {
            try {
                plain.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw new DialFailure(e);
            }
            plain.setSoTimeout(remainingMillis(deadline));
            Socket socket = plain;
            if (scheme.equals("https")) {
                SSLSocket tls = (SSLSocket) insecureTls.createSocket(plain, host, port, true);
                tls.setSoTimeout(remainingMillis(deadline));
                tls.startHandshake();
                socket = tls;
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(uri, hostHeader.orElse(GoText.hostPort(host, port)), headers)
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            while (true) {
                socket.setSoTimeout(remainingMillis(deadline));
                Response head = readHead(in);
                if (head.status() >= 100 && head.status() < 200 && head.status() != 101) {
                    continue; // an interim response; the real one follows
                }
                String body = readBody(in, head, deadline, socket);
                return new Response(head.status(), head.headers(), body);
            }
        }
    }

    private String request(URI uri, String host, List<ProbeSpec.Header> headers) {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        StringBuilder r = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(host).append("\r\n");
        boolean agent = false;
        boolean accept = false;
        for (ProbeSpec.Header h : headers) {
            if (h.name().equalsIgnoreCase("Host")) {
                continue;
            }
            if (h.name().equalsIgnoreCase("User-Agent")) {
                agent = true;
            }
            if (h.name().equalsIgnoreCase("Accept")) {
                accept = true;
                if (h.value().isEmpty()) {
                    continue; // an explicitly empty Accept removes the header
                }
            }
            r.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (!agent) {
            r.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        if (!accept) {
            r.append("Accept: */*\r\n");
        }
        return r.append("Connection: close\r\n\r\n").toString();
    }

    private static Response readHead(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("malformed HTTP response " + GoText.quote(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status code " + GoText.quote(parts[1]));
        }
        List<String[]> headers = new ArrayList<>();
        int total = statusLine.length();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("server response headers exceeded " + MAX_HEADER_BYTES + " bytes; aborted");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        }
        return new Response(status, headers, "");
    }

    /** Up to {@link #MAX_BODY_BYTES} of the body; the rest is left unread (the connection is closed). */
    private static String readBody(InputStream in, Response head, long deadline, Socket socket) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean chunked = head.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false);
        if (head.status() == 204 || head.status() == 304) {
            return "";
        }
        if (chunked) {
            while (body.size() < MAX_BODY_BYTES) {
                socket.setSoTimeout(remainingMillis(deadline));
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunked encoding");
                }
                if (size == 0) {
                    break;
                }
                copy(in, body, size, deadline, socket);
                readLine(in);
            }
        } else {
            long length = head.header("Content-Length").map(v -> {
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return -1L;
                }
            }).orElse(-1L);
            copy(in, body, length < 0 ? Long.MAX_VALUE : length, deadline, socket);
        }
        byte[] bytes = body.toByteArray();
        return new String(bytes, 0, Math.min(bytes.length, MAX_BODY_BYTES), StandardCharsets.UTF_8);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long length, long deadline, Socket socket)
            throws IOException {
        byte[] buffer = new byte[4096];
        long left = length;
        while (left > 0 && out.size() < MAX_BODY_BYTES) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, MAX_BODY_BYTES - out.size())));
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new IOException("EOF");
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("server response line too long");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** TLS that accepts any certificate for any name: upstream probes do not verify. */
    private static SSLSocketFactory insecureTls() {
        TrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
