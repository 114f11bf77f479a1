package dev.tugboat.apiserver.http;

import dev.tugboat.upgrade.UpgradeProxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The response side of one request. Exactly one of {@link #respond}, {@link #startStream},
 * {@link #upgradeToWebSocket} or a successful {@link #proxyUpgrade} happens per exchange; streams end with
 * {@link Stream#end}. Methods may be called from any thread (Netty serializes writes onto the channel's
 * event loop).
 */
public final class HttpExchange {

    private final Channel channel;
    private final FullHttpRequest request;
    private final boolean keepAlive;
    private final Runnable onComplete;
    private final List<String> warnings = new ArrayList<>();
    private boolean responded;

    /** @param request the request line and headers (its body may already be released) */
    HttpExchange(Channel channel, FullHttpRequest request, boolean keepAlive, Runnable onComplete) {
        this.channel = channel;
        this.request = request;
        this.keepAlive = keepAlive;
        this.onComplete = onComplete;
    }

    /** Adds a {@code Warning: 299 - "<text>"} header to the response (kubectl prints these). */
    public void addWarning(String text) {
        warnings.add(text);
    }

    public boolean responded() {
        return responded;
    }

    /** Sends a complete response. */
    public void respond(int status, String contentType, byte[] body) {
        respond(status, contentType, body, null);
    }

    /** Sends a complete response with extra headers. */
    public void respond(int status, String contentType, byte[] body, HttpHeaders extra) {
        respond(status, contentType, Unpooled.wrappedBuffer(body), extra);
    }

    /** Sends a complete response whose body may be a composite of existing arrays (no copy). */
    public void respond(int status, String contentType, ByteBuf body, HttpHeaders extra) {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), body);
        HttpHeaders h = resp.headers();
        if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        h.set("Cache-Control", "no-cache, private");
        addWarningHeaders(h);
        if (extra != null) {
            h.add(extra);
        }
        if (keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ChannelFuture f = channel.writeAndFlush(resp);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        f.addListener(done -> onComplete.run());
    }

    private void addWarningHeaders(HttpHeaders h) {
        for (String w : warnings) {
            h.add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }

    /** Starts a chunked response (watch streams, logs); the caller writes chunks and ends it. */
    public Stream startStream(int status, String contentType) {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        DefaultHttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        HttpHeaders h = resp.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        h.set("Cache-Control", "no-cache, private");
        addWarningHeaders(h);
        channel.writeAndFlush(resp);
        return new ChunkedStream();
    }

    /**
     * A response body written piece by piece: a chunked HTTP response or a WebSocket. Writes wait
     * (bounded) until the socket accepts them, so a slow client pushes back on the writer instead of
     * growing memory without bound.
     */
    public interface Stream {

        /**
         * Writes one chunk (one message on a WebSocket).
         *
         * @return false if the client went away or did not read for too long
         */
        boolean write(byte[] chunk, long timeoutMillis);

        /**
         * Writes several messages with one flush (one chunk on a chunked response; one message each on a
         * WebSocket), so that a burst costs one system call rather than one per message.
         *
         * @return false if the client went away or did not read for too long
         */
        boolean writeAll(List<byte[]> messages, long timeoutMillis);

        boolean isOpen();

        /** Ends the response. */
        void end();

        /** Registers a callback for when the client closes the connection. */
        void onClose(Runnable r);
    }

    /** Whether the client asks to switch this request to a WebSocket. */
    public boolean isWebSocketUpgrade() {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /**
     * Answers 101 and continues on a WebSocket whose messages are text frames (upstream's watch over
     * WebSocket sends one event per message). Pings are answered; a close from the client ends it.
     *
     * @param subprotocols the subprotocols this endpoint speaks (the client's first match is chosen), or none
     * @return the stream, or null if the handshake was refused (already answered with a 400)
     */
    public Stream upgradeToWebSocket(List<String> subprotocols) {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(url,
                subprotocols.isEmpty() ? null : String.join(",", subprotocols), false, 1 << 20);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return null;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> handshaker.handshake(channel, request).addListener(f -> {
            if (f.isSuccess()) {
                channel.pipeline().addLast(new WebSocketControl());
                channel.config().setAutoRead(true);
            }
            done.complete(f.isSuccess());
        }));
        try {
            if (!done.get(10, TimeUnit.SECONDS)) {
                channel.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
        } catch (ExecutionException | TimeoutException e) {
            channel.close();
        }
        return new WebSocketStream();
    }

    /** Whether the request asks to switch protocols at all (exec's WebSocket or SPDY). */
    public boolean isUpgrade() {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && !upgrade.isBlank();
    }

    /**
     * Forwards this upgrade request to {@code target}; if the target switches protocols, its 101 goes to
     * the client and the connection becomes a raw relay to the target, which this exchange no longer
     * serves. Otherwise nothing is sent and the target's answer is returned for the caller to respond with.
     *
     * @throws java.io.IOException if the target cannot be reached or does not answer in time
     */
    public UpgradeProxy.Outcome proxyUpgrade(URI target, long timeoutSeconds)
            throws java.io.IOException, InterruptedException {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        try {
            UpgradeProxy.Outcome outcome = UpgradeProxy.forward(channel, request.method(), request.headers(), target)
                    .get(timeoutSeconds, TimeUnit.SECONDS);
            // The connection left HTTP: reads are the relay's now, so the server's next request never comes.
            responded = outcome instanceof UpgradeProxy.Upgraded;
            return outcome;
        } catch (ExecutionException e) {
            throw new java.io.IOException(e.getCause().getMessage() == null ? e.getCause().toString()
                    : e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new java.io.IOException("no answer within " + timeoutSeconds + "s", e);
        }
    }

    private boolean waitWritten(ChannelFuture f, long timeoutMillis) {
        if (channel.isWritable()) {
            return true;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        f.addListener(x -> done.complete(x.isSuccess()));
        try {
            return done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** A chunked response body being written. */
    private final class ChunkedStream implements Stream {
        private boolean ended;

        @Override
        public boolean write(byte[] chunk, long timeoutMillis) {
            if (ended || !channel.isActive()) {
                return false;
            }
            return waitWritten(channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))),
                    timeoutMillis);
        }

        @Override
        public boolean writeAll(List<byte[]> messages, long timeoutMillis) {
            if (ended || !channel.isActive()) {
                return false;
            }
            return waitWritten(channel.writeAndFlush(new DefaultHttpContent(
                    Unpooled.wrappedBuffer(messages.toArray(new byte[0][])))), timeoutMillis);
        }

        @Override
        public boolean isOpen() {
            return !ended && channel.isActive();
        }

        /** Ends the response; the connection stays usable for the next request if keep-alive. */
        @Override
        public void end() {
            if (ended) {
                return;
            }
            ended = true;
            if (!channel.isActive()) {
                onComplete.run();
                return;
            }
            ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
            f.addListener(done -> onComplete.run());
        }

        @Override
        public void onClose(Runnable r) {
            channel.closeFuture().addListener(x -> r.run());
        }
    }

    /** A WebSocket: each write is one text message; ending sends a normal close and closes the connection. */
    private final class WebSocketStream implements Stream {
        private volatile boolean ended;

        @Override
        public boolean write(byte[] chunk, long timeoutMillis) {
            if (ended || !channel.isActive()) {
                return false;
            }
            return waitWritten(channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(chunk))),
                    timeoutMillis);
        }

        @Override
        public boolean writeAll(List<byte[]> messages, long timeoutMillis) {
            if (ended || !channel.isActive()) {
                return false;
            }
            ChannelFuture last = null;
            for (byte[] m : messages) {
                last = channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(m)));
            }
            channel.flush();
            return last == null || waitWritten(last, timeoutMillis);
        }

        @Override
        public boolean isOpen() {
            return !ended && channel.isActive();
        }

        @Override
        public void end() {
            if (ended) {
                return;
            }
            ended = true;
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
            }
            onComplete.run();
        }

        @Override
        public void onClose(Runnable r) {
            channel.closeFuture().addListener(x -> r.run());
        }
    }

    /** Answers pings, ends on a close frame, and ignores what else the client sends. */
    private static final class WebSocketControl extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
