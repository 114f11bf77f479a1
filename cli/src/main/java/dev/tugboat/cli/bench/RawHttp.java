package dev.tugboat.cli.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for load generation: one socket, one request at a time,
 * Content-Length and chunked bodies. Far cheaper per request than a general client, so the
 * benchmark measures the server rather than the client. Not thread-safe: one per thread.
 */
final class RawHttp implements AutoCloseable {

    /** A response: status and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    Response get(String path) throws IOException {
        return send("GET", path, null, null);
    }

    Response post(String path, byte[] json) throws IOException {
        return send("POST", path, "application/json", json);
    }

    Response send(String method, String path, String contentType, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nAccept: application/json\r\nUser-Agent: tugboat-bench\r\n");
        if (body != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read();
    }

    /** Starts a streaming GET (a watch); chunks are then read with {@link #readChunkLine}. */
    void startStream(String path) throws IOException {
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: application/json\r\nUser-Agent: tugboat-bench\r\n\r\n";
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        if (!status.contains(" 200 ")) {
            throw new IOException("watch failed: " + status);
        }
        while (!line().isEmpty()) {
            // headers
        }
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** The next newline-terminated JSON line of a chunked stream, or null at its end. */
    String readChunkLine() throws IOException {
        while (true) {
            byte[] buf = pending.toByteArray();
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    String lineText = new String(buf, 0, i, StandardCharsets.UTF_8);
                    pending.reset();
                    pending.write(buf, i + 1, buf.length - i - 1);
                    return lineText;
                }
            }
            int size = Integer.parseInt(line().trim(), 16);
            if (size == 0) {
                return null;
            }
            pending.write(in.readNBytes(size));
            line();
        }
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (statusLine.isEmpty()) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().trim(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                b.write(in.readNBytes(size));
                line();
            }
            body = b.toByteArray();
        } else {
            body = in.readNBytes(Math.max(length, 0));
        }
        return new Response(status, body);
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
