package dev.tugboat.e2e.badinput;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client library will send: broken request
 * lines, bad headers, lying Content-Lengths. Reads one response with a deadline so a server that
 * never answers fails the test instead of hanging it.
 */
final class RawHttp {

    /**
     * The first response on a connection, or how the connection ended without one.
     *
     * @param status 0 when the server closed without answering, -1 when it did not answer in time
     */
    record Response(int status, String head, String body) {
    }

    /** "\r\n\r\n" as the last four bytes read. */
    private static final int HEAD_END = 0x0d0a0d0a;

    private RawHttp() {
    }

    /** Sends {@code request} as is and reads the first response. */
    static Response exchange(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) timeout.toMillis());
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException closedWhileSending) {
                // The server may answer and close before it has read everything; read what it said.
            }
            return read(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** Reads one response from {@code in}: status line, headers and a Content-Length body. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int lastFour = 0;
            while (lastFour != HEAD_END) {
                int b = in.read();
                if (b < 0) {
                    return new Response(0, head.toString(StandardCharsets.ISO_8859_1), "");
                }
                head.write(b);
                lastFour = (lastFour << 8) | b;
            }
            return parse(head.toString(StandardCharsets.ISO_8859_1), in);
        } catch (SocketTimeoutException e) {
            return new Response(-1, head.toString(StandardCharsets.ISO_8859_1), "");
        }
    }

    private static Response parse(String head, InputStream in) throws IOException {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + head);
        }
        int status = Integer.parseInt(statusLine[1]);
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Response(status, head, new String(body, StandardCharsets.UTF_8));
    }
}
