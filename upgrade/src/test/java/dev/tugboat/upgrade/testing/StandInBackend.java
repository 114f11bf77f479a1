package dev.tugboat.upgrade.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for what an upgrade is proxied to (a kubelet, a runtime's streaming server), for tests: it
 * takes one connection on loopback, records the request head, sends a fixed answer and, if that answer
 * switches protocols, echoes every byte back in upper case, so a test sees bytes cross the relay both
 * ways. A refusal is followed by closing the connection, as containerd does with one that has no length.
 */
public final class StandInBackend implements AutoCloseable {

    private final ServerSocket socket;
    private final String answer;
    private final CompletableFuture<String> requestHead = new CompletableFuture<>();

    /** Starts listening; {@code answer} is sent verbatim after the request head. */
    public StandInBackend(String answer) throws IOException {
        this.answer = answer;
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The request line and headers the backend received (waits up to 10 s for them). */
    public String requestHead() throws Exception {
        return requestHead.get(10, TimeUnit.SECONDS);
    }

    private void serve() {
        try (Socket c = socket.accept()) {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            requestHead.complete(readHead(in));
            OutputStream out = c.getOutputStream();
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (!answer.startsWith("HTTP/1.1 101 ")) {
                return;
            }
            byte[] buf = new byte[1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(new String(buf, 0, n, StandardCharsets.ISO_8859_1).toUpperCase()
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            requestHead.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads up to and including the blank line that ends an HTTP head. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code text} (ISO-8859-1) and flushes. */
    public static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads exactly {@code n} bytes (fewer at the end of the stream) as ISO-8859-1 text. */
    public static String read(Socket s, int n) throws IOException {
        return new String(s.getInputStream().readNBytes(n), StandardCharsets.ISO_8859_1);
    }
}
