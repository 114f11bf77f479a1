package dev.tugboat.upgrade;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a connection-upgrade request (WebSocket or SPDY, as {@code exec} sends) to a backend and, once
 * the backend switches protocols, hands the client's connection over to a raw byte relay with the
 * backend's, as upstream's upgrade-aware proxy does: the proxy never looks at the frames, so whatever
 * streaming protocol the two ends agree on passes through. A backend that does not switch protocols
 * gets its answer returned to the caller, which answers the client as usual.
 *
 * <p>Both connections run on the client's event loop, so the 101 and the first relayed bytes keep their
 * order without locking.
 */
public final class UpgradeProxy {

    /** The most of a refusal's body kept. */
    private static final int MAX_REFUSAL_BYTES = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** How long the backend may take to answer the upgrade request. */
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 30;
    /** Headers that belong to this hop or carry the client's credentials, which the backend must not see. */
    private static final List<String> NOT_FORWARDED = List.of("host", "authorization", "proxy-authorization",
            "content-length", "transfer-encoding", "keep-alive", "te", "trailer");

    /** What the backend did with the upgrade request. */
    public sealed interface Outcome permits Upgraded, Refused {
    }

    /** It switched protocols; the client's connection now belongs to the relay. */
    public record Upgraded() implements Outcome {
    }

    /** It answered without switching (an error, usually); nothing was sent to the client yet. */
    public record Refused(int status, String contentType, byte[] body) implements Outcome {
        public String text() {
            return new String(body, StandardCharsets.UTF_8).strip();
        }
    }

    private UpgradeProxy() {
    }

    /**
     * Sends the request line {@code method target.path?target.query} with the client's headers (less
     * hop-by-hop ones and credentials) to {@code target}'s host and port.
     *
     * @param client  the client's connection, still in HTTP mode with reads paused
     * @param headers the client's request headers, including Upgrade and Connection
     * @return completes with the outcome; fails if the backend is unreachable or does not answer in time
     */
    public static CompletableFuture<Outcome> forward(Channel client, HttpMethod method, HttpHeaders headers,
                                                     URI target) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        int port = target.getPort() > 0 ? target.getPort() : 80;
        new Bootstrap().group(client.eventLoop())
                .channel(client instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(MAX_REFUSAL_BYTES))
                                .addLast(new Handshake(client, outcome));
                    }
                })
                .connect(target.getHost(), port).addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        outcome.completeExceptionally(connected.cause());
                        return;
                    }
                    Channel backend = connected.channel();
                    String pathAndQuery = target.getRawPath() + (target.getRawQuery() == null ? ""
                            : "?" + target.getRawQuery());
                    DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, pathAndQuery,
                            Unpooled.EMPTY_BUFFER);
                    for (Map.Entry<String, String> h : headers) {
                        if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                            req.headers().add(h.getKey(), h.getValue());
                        }
                    }
                    req.headers().set(HttpHeaderNames.HOST, target.getHost() + ":" + port);
                    if (!method.equals(HttpMethod.GET)) {
                        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                    }
                    backend.writeAndFlush(req);
                    backend.eventLoop().schedule(() -> {
                        if (!outcome.isDone()) {
                            outcome.completeExceptionally(new java.util.concurrent.TimeoutException(
                                    "no answer to the upgrade request within " + HANDSHAKE_TIMEOUT_SECONDS + "s"));
                            backend.close();
                        }
                    }, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                });
        return outcome;
    }

    /** Waits for the backend's answer; on 101 switches both connections to the relay. */
    private static final class Handshake extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Channel client;
        private final CompletableFuture<Outcome> outcome;

        Handshake(Channel client, CompletableFuture<Outcome> outcome) {
            this.client = client;
            this.outcome = outcome;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
            if (outcome.isDone()) {
                ctx.close();
                return;
            }
            if (resp.status().code() != 101) {
                outcome.complete(new Refused(resp.status().code(), resp.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        ByteBufUtil.getBytes(resp.content())));
                ctx.close();
                return;
            }
            if (!client.isActive()) {
                outcome.complete(new Upgraded());
                ctx.close();
                return;
            }
            Channel backend = ctx.channel();
            // The client's side first: from here on its bytes are relayed, not parsed as HTTP.
            stripHttp(client.pipeline(), new Relay(backend));
            client.writeAndFlush(Unpooled.wrappedBuffer(responseHead(resp)));
            // Bytes the backend sent right behind its 101 are released by the codec's removal, into the relay.
            ChannelPipeline p = ctx.pipeline();
            p.remove(HttpObjectAggregator.class);
            p.replace(this, "relay", new Relay(client));
            p.remove(HttpClientCodec.class);
            backend.config().setAutoRead(false);
            backend.read();
            client.config().setAutoRead(false);
            client.read();
            outcome.complete(new Upgraded());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            outcome.completeExceptionally(new java.io.IOException("the backend closed the connection without answering"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            outcome.completeExceptionally(cause);
            ctx.close();
        }
    }

    /**
     * Removes the HTTP codec and every handler behind it (aggregator, dispatcher) from the client's
     * pipeline, keeping what sits in front (TLS), and puts the relay in their place. Bytes the codec
     * had buffered reach the relay.
     */
    private static void stripHttp(ChannelPipeline p, Relay relay) {
        List<ChannelHandler> behind = new ArrayList<>();
        boolean found = false;
        for (Map.Entry<String, ChannelHandler> e : p) {
            if (e.getValue() instanceof HttpServerCodec) {
                found = true;
            } else if (found) {
                behind.add(e.getValue());
            }
        }
        p.addLast(relay);
        behind.forEach(p::remove);
        p.remove(HttpServerCodec.class);
    }

    private static byte[] responseHead(FullHttpResponse resp) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(resp.status().code()).append(' ')
                .append(resp.status().reasonPhrase()).append("\r\n");
        for (Map.Entry<String, String> h : resp.headers()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Copies one connection's bytes to the other, reading the next piece only once the last is written,
     * so a slow reader on one side slows the writer on the other instead of filling memory. Either side
     * closing closes both, after what was already sent is flushed.
     */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            peer.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    ctx.channel().read();
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer.isActive()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
