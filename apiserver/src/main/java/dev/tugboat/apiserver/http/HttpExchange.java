package dev.tugboat.apiserver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The response side of one request. Exactly one of {@link #respond} or {@link #startStream} is
 * called per exchange; streams end with {@link Stream#end}. Methods may be called from any thread
 * (Netty serializes writes onto the channel's event loop).
 */
public final class HttpExchange {

    private final Channel channel;
    private final boolean keepAlive;
    private final Runnable onComplete;
    private final List<String> warnings = new ArrayList<>();
    private boolean responded;

    HttpExchange(Channel channel, boolean keepAlive, Runnable onComplete) {
        this.channel = channel;
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
        return new Stream();
    }

    /** A chunked response body being written. */
    public final class Stream {
        private boolean ended;

        private Stream() {
        }

        /**
         * Writes one chunk and waits (bounded) until the socket accepts it, so a slow client pushes
         * back on the writer instead of growing memory without bound.
         *
         * @return false if the client went away or did not read for too long
         */
        public boolean write(byte[] chunk, long timeoutMillis) {
            if (ended || !channel.isActive()) {
                return false;
            }
            ByteBuf buf = Unpooled.wrappedBuffer(chunk);
            ChannelFuture f = channel.writeAndFlush(new DefaultHttpContent(buf));
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

        public boolean isOpen() {
            return !ended && channel.isActive();
        }

        /** Ends the response; the connection stays usable for the next request if keep-alive. */
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

        /** Registers a callback for when the client closes the connection. */
        public void onClose(Runnable r) {
            channel.closeFuture().addListener(x -> r.run());
        }
    }
}
