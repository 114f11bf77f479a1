package dev.tugboat.apiserver.metrics;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 client for GETs of plain {@code http} URLs, with persistent connections kept
 * per host and port: what scraping thousands of endpoints every few seconds needs from virtual threads.
 * (The JDK's HttpClient spent more CPU in its selector and future chains than the rest of a server
 * with 5,000 simulated nodes.) Reads {@code Content-Length}, chunked and close-delimited bodies up to a
 * size limit; each blocking read is bounded by the timeout, and no read starts after it has passed.
 * A connection is reused only after a complete response that did not ask to close it; a request on a
 * reused connection that fails before any response byte is retried once on a new one (the server may
 * have closed an idle connection). Thread-safe.
 */
final class HttpGetClient implements AutoCloseable {

    /** A response: status code and body. */
    record Response(int status, byte[] body) {
    }

    /** The exchange took longer than the timeout, or the body was larger than allowed. */
    static final class LimitException extends IOException {
        LimitException(String message) {
            super(message);
        }
    }

    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    /** Idle connections kept per host and port. */
    private static final int MAX_IDLE = 8;

    private final Duration timeout;
    private final int maxBody;
    private final String userAgent;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    HttpGetClient(Duration timeout, int maxBody, String userAgent) {
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.userAgent = userAgent;
    }

    /** GET {@code uri} (scheme {@code http}). */
    Response get(URI uri) throws IOException {
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("only http URLs with a host are supported: " + uri);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String key = uri.getHost() + ":" + port;
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection reused = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (reused != null) {
            try {
                return exchange(reused, key, uri, target, deadline);
            } catch (StaleConnectionException e) {
                // The server closed it while idle: try once more on a fresh connection.
            }
        }
        Connection fresh = Connection.open(uri.getHost(), port, timeout);
        try {
            return exchange(fresh, key, uri, target, deadline);
        } catch (StaleConnectionException e) {
            throw new IOException("connection to " + key + " closed before a response", e);
        }
    }

    private Response exchange(Connection c, String key, URI uri, String target, long deadline) throws IOException {
        boolean keep = false;
        try {
            String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + userAgent
                    + "\r\nAccept: text/plain;version=0.0.4, */*\r\n\r\n";
            c.startExchange(deadline);
            c.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            c.out.flush();
            String statusLine = c.line(deadline, true);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + statusLine);
            }
            long length = -1;
            boolean chunked = false;
            boolean close = parts[0].equals("HTTP/1.0");
            for (int i = 0; ; i++) {
                if (i > MAX_HEADERS) {
                    throw new IOException("too many response headers");
                }
                String h = c.line(deadline, false);
                if (h.isEmpty()) {
                    break;
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + h);
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> {
                        try {
                            length = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("bad Content-Length: " + value);
                        }
                    }
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close |= value.toLowerCase(Locale.ROOT).contains("close");
                    default -> {
                    }
                }
            }
            byte[] body;
            if (status == 204 || status == 304 || status / 100 == 1) {
                body = new byte[0];
            } else if (chunked) {
                body = c.chunked(maxBody, deadline);
            } else if (length >= 0) {
                if (length > maxBody) {
                    throw new LimitException("response body of " + length + " bytes exceeds " + maxBody);
                }
                body = c.exactly((int) length, deadline);
            } else {
                body = c.untilEof(maxBody, deadline);
                close = true;
            }
            keep = !close && !closed;
            return new Response(status, body);
        } finally {
            if (keep) {
                ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
                if (pool.size() < MAX_IDLE) {
                    pool.addFirst(c);
                } else {
                    c.close();
                }
            } else {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(q -> {
            for (Connection c; (c = q.pollFirst()) != null; ) {
                c.close();
            }
        });
    }

    /** The connection ended before the first byte of a response. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException() {
            super("connection closed before a response", null);
        }
    }

    /** One socket with buffered reads. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        static Connection open(String host, int port, Duration timeout) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
                return new Connection(s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        /** Bounds every blocking read by what is left of the exchange's time. */
        void startExchange(long deadline) throws IOException {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left(deadline))));
        }

        private static long left(long deadline) throws LimitException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new LimitException("no complete response in time");
            }
            return left;
        }

        /** Reads one byte (from the buffer, mostly). */
        private int read() throws IOException {
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw new LimitException("no complete response in time");
            }
        }

        /** A CRLF- (or LF-) terminated line in ISO-8859-1, without the terminator. */
        String line(long deadline, boolean first) throws IOException {
            left(deadline);
            StringBuilder b = new StringBuilder();
            while (true) {
                int c;
                try {
                    c = read();
                } catch (java.net.SocketException e) {
                    if (first && b.isEmpty()) {
                        throw new StaleConnectionException();
                    }
                    throw e;
                }
                if (c < 0) {
                    if (first && b.isEmpty()) {
                        throw new StaleConnectionException();
                    }
                    throw new IOException("connection closed in the response head");
                }
                if (c == '\n') {
                    int n = b.length();
                    if (n > 0 && b.charAt(n - 1) == '\r') {
                        b.setLength(n - 1);
                    }
                    return b.toString();
                }
                if (b.length() >= MAX_HEADER_LINE) {
                    throw new IOException("response header line too long");
                }
                b.append((char) c);
            }
        }

        byte[] exactly(int n, long deadline) throws IOException {
            byte[] buf = new byte[n];
            int off = 0;
            while (off < n) {
                int r = readInto(buf, off, n - off, deadline);
                if (r < 0) {
                    throw new IOException("connection closed after " + off + " of " + n + " body bytes");
                }
                off += r;
            }
            return buf;
        }

        byte[] untilEof(int max, long deadline) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int r; (r = readInto(buf, 0, buf.length, deadline)) >= 0; ) {
                if (out.size() + r > max) {
                    throw new LimitException("response body exceeds " + max + " bytes");
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        }

        byte[] chunked(int max, long deadline) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(deadline, false);
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + sizeLine);
                }
                if (size == 0) {
                    while (!line(deadline, false).isEmpty()) {
                        // Trailers are read and ignored.
                    }
                    return out.toByteArray();
                }
                if (size < 0 || out.size() + size > max) {
                    throw new LimitException("response body exceeds " + max + " bytes");
                }
                out.write(exactly((int) size, deadline));
                if (!line(deadline, false).isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        }

        private int readInto(byte[] buf, int off, int len, long deadline) throws IOException {
            left(deadline);
            try {
                return in.read(buf, off, len);
            } catch (SocketTimeoutException e) {
                throw new LimitException("no complete response in time");
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is best effort.
            }
        }
    }
}
