package dev.tugboat.kubelet.server;

import dev.tugboat.api.core.PodLogOptions;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.upgrade.UpgradeProxy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's HTTP API, which the API server proxies to. Serves
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with upstream's query parameters
 * ({@code follow}, {@code previous}, {@code tailLines}, {@code sinceSeconds}, {@code sinceTime},
 * {@code timestamps}, {@code limitBytes}) as a chunked {@code text/plain} body; errors are plain text
 * with a 4xx status, as upstream's kubelet answers. Also serves {@code GET|POST /exec/{namespace}/{pod}/{container}},
 * an upgrade request proxied to the runtime's streaming server (see {@link #exec}). Each request runs on a
 * virtual thread, since a followed log blocks for as long as the container runs.
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

    /** Upstream's kubelet port. */
    public static final int DEFAULT_PORT = 10250;

    /** How long a reader may leave a full socket unread before the stream is given up. */
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;
    /** Output is sent when this much is buffered, or when the reader reaches the end of the file. */
    private static final int CHUNK_BYTES = 32 * 1024;
    /** How long the runtime's streaming server may take to answer an upgrade. */
    private static final long UPGRADE_TIMEOUT_SECONDS = 40;

    /**
     * What sits in front of HTTP on each connection. Plain HTTP for now; TLS and client authentication
     * are added here (a handler at the head of the pipeline) when the kubelet gets certificates.
     */
    @FunctionalInterface
    public interface ConnectionSecurity {
        void configure(ChannelPipeline pipeline);

        ConnectionSecurity PLAIN = pipeline -> {
        };
    }

    private final ContainerLogs logs;
    private final ContainerExec exec;
    private final Clock clock;
    private final Duration pollInterval;
    private final ConnectionSecurity security;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private Channel serverChannel;
    private volatile ResourceMetricsSource resourceMetrics;

    /** The node's resource metrics in the {@code /metrics/resource} text format. */
    public interface ResourceMetricsSource {
        String render() throws java.io.IOException;
    }

    /** Also serves {@code GET /metrics/resource} (what the metrics API scrapes for kubectl top and the HPA). */
    public KubeletServer withResourceMetrics(ResourceMetricsSource source) {
        this.resourceMetrics = source;
        return this;
    }

    /**
     * @param pollInterval how often a followed log file is checked for new lines
     */
    public KubeletServer(ContainerLogs logs, ContainerExec exec, Clock clock, Duration pollInterval,
                         ConnectionSecurity security) {
        this.logs = logs;
        this.exec = exec;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.security = security;
    }

    /** Binds (port 0 picks a free port) and starts serving; returns the bound address. */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        security.configure(ch.pipeline());
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
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
        // Interrupts followers sleeping between polls; their connections close with the event loops.
        requests.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A parsed request, copied off Netty's buffers so a virtual thread can serve it. */
    private record Request(HttpMethod method, String path, Map<String, List<String>> query, HttpHeaders headers,
                           boolean keepAlive) {
        String param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Hands each request to a virtual thread; a connection serves one request at a time. */
    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final AtomicBoolean busy = new AtomicBoolean();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            if (!busy.compareAndSet(false, true)) {
                // A pipelined request while a log streams: its answer could not be told apart.
                ctx.close();
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
            Request req = new Request(msg.method(), uri.rawPath(), uri.parameters(), msg.headers().copy(),
                    HttpUtil.isKeepAlive(msg));
            Channel ch = ctx.channel();
            requests.execute(() -> {
                try {
                    serve(ch, req);
                } catch (RuntimeException e) {
                    LOG.error("error serving {} {}", req.method(), req.path(), e);
                    ch.close();
                } finally {
                    busy.set(false);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("kubelet connection failed", cause);
            ctx.close();
        }
    }

    private void serve(Channel ch, Request req) {
        if (req.path().equals("/metrics/resource") && resourceMetrics != null) {
            serveResourceMetrics(ch, req);
            return;
        }
        String[] segments = req.path().split("/", -1);
        if (segments.length == 4 && segments[1].equals("portForward")) {
            portForward(ch, req, QueryStringDecoder.decodeComponent(segments[2]),
                    QueryStringDecoder.decodeComponent(segments[3]));
            return;
        }
        // "", "containerLogs" or "exec", namespace, pod, container
        if (segments.length != 5 || !(segments[1].equals("containerLogs") || segments[1].equals("exec")
                || segments[1].equals("attach"))) {
            respondText(ch, req, 404, "404 page not found\n");
            return;
        }
        boolean isExec = segments[1].equals("exec") || segments[1].equals("attach");
        if (!req.method().equals(HttpMethod.GET) && !(isExec && req.method().equals(HttpMethod.POST))) {
            respondText(ch, req, 405, "405: Method Not Allowed\n");
            return;
        }
        String namespace = QueryStringDecoder.decodeComponent(segments[2]);
        String pod = QueryStringDecoder.decodeComponent(segments[3]);
        String container = QueryStringDecoder.decodeComponent(segments[4]);
        if (namespace.isEmpty() || pod.isEmpty() || container.isEmpty()) {
            respondText(ch, req, 400, "namespace, pod name and container name are all required");
            return;
        }
        if (segments[1].equals("attach")) {
            attach(ch, req, namespace, pod, container);
            return;
        }
        if (isExec) {
            exec(ch, req, namespace, pod, container);
            return;
        }
        PodLogOptions options;
        try {
            options = PodLogOptions.fromQuery(req::param);
        } catch (ApiException e) {
            respondText(ch, req, 400, e.getMessage());
            return;
        }
        List<FieldError> invalid = options.validate();
        if (!invalid.isEmpty()) {
            respondText(ch, req, 422, "invalid log options: "
                    + invalid.stream().map(FieldError::toString).collect(Collectors.joining(", ")));
            return;
        }
        switch (logs.find(namespace, pod, container, options.previous())) {
            case ContainerLogs.Unavailable u -> respondText(ch, req, u.reason().httpStatus(), u.message());
            case ContainerLogs.Found found -> stream(ch, req, options, found);
        }
    }

    /**
     * {@code /exec/{namespace}/{pod}/{container}?command=…&stdin=1&stdout=1&stderr=1&tty=1}, as the API
     * server's exec proxy calls it: the runtime prepares the command, and the client's upgrade request
     * is proxied to the runtime's streaming server, which then speaks SPDY or WebSocket with the client
     * through this connection.
     */
    private void exec(Channel ch, Request req, String namespace, String pod, String container) {
        boolean tty = flag(req, "tty");
        // As upstream: a terminal merges stderr into stdout.
        boolean stderr = flag(req, "stderr") && !tty;
        ContainerExec.Command command = new ContainerExec.Command(req.query().getOrDefault("command", List.of()),
                flag(req, "stdin"), flag(req, "stdout"), stderr, tty);
        if (!command.stdin() && !command.stdout() && !command.stderr()) {
            respondText(ch, req, 400, "you must specify at least 1 of stdin, stdout, stderr");
            return;
        }
        if (command.argv().isEmpty()) {
            respondText(ch, req, 400, "you must specify at least 1 command");
            return;
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || upgrade.isBlank()) {
            respondText(ch, req, 400, "Upgrade request required");
            return;
        }
        relay(ch, req, exec.prepare(namespace, pod, container, command));
    }

    /**
     * {@code /attach/{namespace}/{pod}/{container}?stdin=1&stdout=1&stderr=1&tty=1}: the client's upgrade
     * request is proxied to the runtime's streaming server, attached to the container's main process.
     */
    private void attach(Channel ch, Request req, String namespace, String pod, String container) {
        boolean tty = flag(req, "tty");
        ContainerExec.Command streams = new ContainerExec.Command(List.of(), flag(req, "stdin"), flag(req, "stdout"),
                flag(req, "stderr") && !tty, tty);
        if (!streams.stdin() && !streams.stdout() && !streams.stderr()) {
            respondText(ch, req, 400, "you must specify at least 1 of stdin, stdout, stderr");
            return;
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || upgrade.isBlank()) {
            respondText(ch, req, 400, "Upgrade request required");
            return;
        }
        relay(ch, req, exec.prepareAttach(namespace, pod, container, streams));
    }

    /**
     * {@code /portForward/{namespace}/{pod}}, as the API server's port-forward proxy calls it: the
     * runtime prepares forwarding into the pod's network namespace, and the client's upgrade request is
     * proxied to the runtime's streaming server, which speaks the port-forward protocol (the ports are
     * named in the client's streams).
     */
    private void portForward(Channel ch, Request req, String namespace, String pod) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.POST)) {
            respondText(ch, req, 405, "405: Method Not Allowed\n");
            return;
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || upgrade.isBlank()) {
            respondText(ch, req, 400, "Upgrade request required");
            return;
        }
        relay(ch, req, exec.preparePortForward(namespace, pod));
    }

    /** Proxies the client's upgrade request to the runtime's streaming server, or answers why not. */
    private void relay(Channel ch, Request req, ContainerExec.Preparation preparation) {
        URI url;
        switch (preparation) {
            case ContainerExec.Unavailable u -> {
                respondText(ch, req, u.httpStatus(), u.message());
                return;
            }
            case ContainerExec.Prepared p -> url = p.url();
        }
        try {
            UpgradeProxy.Outcome outcome = UpgradeProxy.forward(ch, req.method(), req.headers(), url)
                    .get(UPGRADE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (outcome instanceof UpgradeProxy.Refused r) {
                // The runtime's own answer (e.g. a protocol it does not speak), passed on as upstream's proxy does.
                respondText(ch, new Request(req.method(), req.path(), req.query(), req.headers(), false), r.status(),
                        r.text());
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            respondText(ch, req, 500, "error dialing the container runtime's streaming server: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
        }
    }

    /** Upstream's kubelet takes only {@code 1} for true in exec's query. */
    private static boolean flag(Request req, String name) {
        return "1".equals(req.param(name));
    }

    private void stream(Channel ch, Request req, PodLogOptions options, ContainerLogs.Found found) {
        CriLogReader.Options readOptions = new CriLogReader.Options(options.follow(), options.tailLines().orElse(-1),
                options.since(clock.instant()), options.timestamps(), options.limitBytes().orElse(Long.MAX_VALUE));
        CriLogReader reader;
        try {
            // Opened before answering, so a log file that is gone is still an error status.
            reader = CriLogReader.open(found.file(), readOptions, pollInterval);
        } catch (IOException e) {
            respondText(ch, req, 500, "failed to open the log file " + found.file() + ": " + e.getMessage());
            return;
        }
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ch.writeAndFlush(head);
        try (reader) {
            reader.copy(new ResponseSink(ch), () -> logs.isRunning(found.containerId()));
            end(ch, req);
        } catch (IOException e) {
            // The status is sent; all that is left is to cut the body short.
            LOG.warn("reading {} failed", found.file(), e);
            ch.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
        }
    }

    private static void end(Channel ch, Request req) {
        ChannelFuture f = ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!req.keepAlive()) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void serveResourceMetrics(Channel ch, Request req) {
        if (!req.method().equals(HttpMethod.GET)) {
            respondText(ch, req, 405, "405: Method Not Allowed\n");
            return;
        }
        try {
            respond(ch, req, 200, resourceMetrics.render(), "text/plain; version=0.0.4; charset=utf-8");
        } catch (java.io.IOException | RuntimeException e) {
            respondText(ch, req, 500, "resource metrics unavailable: " + e.getMessage() + "\n");
        }
    }

    private static void respondText(Channel ch, Request req, int status, String text) {
        respond(ch, req, status, text, "text/plain; charset=utf-8");
    }

    private static void respond(Channel ch, Request req, int status, String text, String contentType) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ChannelFuture f = ch.writeAndFlush(resp);
        if (!req.keepAlive()) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Buffers output into chunks of the HTTP response; a reader that stops reading gets dropped. */
    private static final class ResponseSink implements LogSink {
        private final Channel ch;
        private byte[] buffer = new byte[CHUNK_BYTES];
        private int size;

        ResponseSink(Channel ch) {
            this.ch = ch;
        }

        @Override
        public boolean write(byte[] bytes, int offset, int length) {
            if (size + length > buffer.length && !flush()) {
                return false;
            }
            if (length > buffer.length) {
                buffer = new byte[length];
            }
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
            return true;
        }

        @Override
        public boolean flush() {
            if (!ch.isActive()) {
                return false;
            }
            if (size == 0) {
                return true;
            }
            ChannelFuture f = ch.writeAndFlush(new DefaultHttpContent(
                    Unpooled.wrappedBuffer(Arrays.copyOf(buffer, size))));
            size = 0;
            if (ch.isWritable()) {
                return true;
            }
            try {
                f.get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                ch.close();
                return false;
            }
        }

        @Override
        public boolean isOpen() {
            return ch.isActive();
        }
    }
}
