package dev.tugboat.apiserver.http;

import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 listener. Netty parses and bounds requests on its event loops; each complete
 * request is handed to a virtual thread, and reading from that connection pauses until the
 * response is complete, so responses on one connection keep their order.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** Upstream's request body limit (3 MiB). */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    /** How long a connection that sent an oversized body may keep sending before it is closed. */
    private static final long LINGER_SECONDS = 2;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpHandler handler;
    private Channel serverChannel;

    private final boolean epoll = Epoll.isAvailable();

    public HttpServer(HttpHandler handler) {
        this.handler = handler;
        // Native epoll where available: cheaper wake-ups when virtual threads write responses.
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, io);
        this.workers = new MultiThreadIoEventLoopGroup(0, io);
    }

    /** Binds and starts accepting connections; returns the bound address. */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(16 * 1024, 64 * 1024, 64 * 1024))
                                .addLast(new BoundedAggregator())
                                .addLast(new Dispatcher());
                    }
                });
        serverChannel = b.bind(host, port).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        requests.shutdownNow();
    }

    /** Aggregates bodies up to {@link #MAX_BODY_BYTES}; larger ones get a 413 Status. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator() {
            super(MAX_BODY_BYTES);
        }

        /**
         * The rest of the body is unread, so the connection cannot be reused. Closing it at once
         * while the client is still sending makes the kernel reset the connection, and the client
         * loses the 413 it was sent. So close lingeringly, as Go's server does: answer, shut down
         * our side, keep reading (the aggregator drops the rest of the body), then close.
         */
        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse resp = tooLarge();
            resp.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(resp).addListener(written -> {
                if (ctx.channel() instanceof SocketChannel socket) {
                    socket.shutdownOutput();
                }
                ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            });
        }

        /**
         * With {@code Expect: 100-continue} and a declared length over the limit, Netty answers
         * with its own empty 413; answer with the Status instead. The body is then never sent, or
         * skipped, so the connection stays usable.
         */
        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object response = super.newContinueResponse(start, maxContentLength, pipeline);
            if (response instanceof FullHttpResponse r
                    && r.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
                return tooLarge();
            }
            return response;
        }

        private static FullHttpResponse tooLarge() {
            byte[] body = Json.bytes(new ApiException.RequestEntityTooLarge(
                    "Request entity too large: limit is " + MAX_BODY_BYTES).status().toJson());
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return resp;
        }
    }

    /**
     * Serves one connection's requests one at a time, in arrival order. Pausing reads is not enough
     * for that: requests a client pipelines into one packet are all decoded from that read, so the
     * ones arriving while another is served wait here. All state is touched on the event loop only.
     */
    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
        private boolean serving;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            if (serving) {
                waiting.add(msg.retain());
                return;
            }
            serve(ctx, msg);
        }

        private void serve(ChannelHandlerContext ctx, FullHttpRequest msg) {
            if (!msg.decoderResult().isSuccess()) {
                sendPlain(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
                return;
            }
            Channel ch = ctx.channel();
            QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
            String path;
            Map<String, List<String>> query;
            try {
                path = qs.path();
                query = new LinkedHashMap<>(qs.parameters());
            } catch (IllegalArgumentException badEscape) {
                // Decoding is lazy and throws on a broken %-escape; left to Netty it would drop the
                // connection without any response.
                sendPlain(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request URI: " + badEscape.getMessage());
                return;
            }
            byte[] body = ByteBufUtil.getBytes(msg.content());
            HttpRequest req = new HttpRequest(msg.method().name(), path, query, msg.headers().copy(), body,
                    (InetSocketAddress) ch.remoteAddress());
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            serving = true;
            ch.config().setAutoRead(false);
            FullHttpRequest head = new DefaultFullHttpRequest(msg.protocolVersion(), msg.method(), msg.uri(),
                    Unpooled.EMPTY_BUFFER, msg.headers().copy(), msg.trailingHeaders().copy());
            HttpExchange exchange = new HttpExchange(ch, head, keepAlive, () -> {
                if (ch.eventLoop().inEventLoop()) {
                    next(ctx);
                } else {
                    ch.eventLoop().execute(() -> next(ctx));
                }
            });
            requests.execute(() -> run(req, exchange));
        }

        /** The current request is answered: serve the next waiting one, or read more. */
        private void next(ChannelHandlerContext ctx) {
            serving = false;
            Channel ch = ctx.channel();
            if (!ch.isActive()) {
                return;
            }
            FullHttpRequest queued = waiting.poll();
            if (queued == null) {
                ch.config().setAutoRead(true);
                ch.read();
                return;
            }
            try {
                serve(ctx, queued);
            } finally {
                queued.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
            super.channelInactive(ctx);
        }

        private void run(HttpRequest req, HttpExchange exchange) {
            try {
                handler.handle(req, exchange);
            } catch (Throwable t) {
                LOG.error("unhandled error serving {} {}", req.method(), req.path(), t);
                if (!exchange.responded()) {
                    exchange.respond(500, "application/json", Json.bytes(
                            new ApiException.Internal("unexpected server error").status().toJson()));
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private void sendPlain(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
            // The connection ends with this answer: anything pipelined behind it waits for the close.
            serving = true;
            byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
