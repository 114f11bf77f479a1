package dev.tugboat.kubelet.cri;

import dev.tugboat.kubelet.cri.v1.ImageServiceGrpc;
import dev.tugboat.kubelet.cri.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tugboat.kubelet.cri.v1.RuntimeServiceGrpc;
import dev.tugboat.kubelet.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One gRPC channel to a CRI runtime's unix socket. Every call gets its own deadline and turns a
 * gRPC failure into a {@link CriException}; there is no business logic here.
 *
 * <pre>{@code
 * String id = cri.runtime(Duration.ofMinutes(4), rt -> rt.runPodSandbox(request)).getPodSandboxId();
 * }</pre>
 */
public final class CriClient implements AutoCloseable {

    /** The kubelet's default for calls that do not say otherwise (upstream uses 2 minutes too). */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

    /** As upstream's kubelet: ExecSync output and long container lists fit. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final Path socket;
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;

    private CriClient(Path socket, EventLoopGroup eventLoop, ManagedChannel channel) {
        this.socket = socket;
        this.eventLoop = eventLoop;
        this.channel = channel;
    }

    /**
     * A client for the runtime listening on {@code socket}. No connection is made until the first
     * call, so the socket need not exist yet.
     */
    public static CriClient connect(Path socket) {
        Objects.requireNonNull(socket, "socket");
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException(
                    "cannot reach a CRI socket: Netty's epoll transport is unavailable: " + Epoll.unavailabilityCause());
        }
        EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                // gRPC asks for TCP keepalive, which a unix socket lacks; Netty would warn on every connect.
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        return new CriClient(socket, eventLoop, channel);
    }

    public Path socket() {
        return socket;
    }

    /** Calls the runtime service with the default deadline. */
    public <T> T runtime(Function<RuntimeServiceBlockingStub, T> call) {
        return runtime(DEFAULT_DEADLINE, call);
    }

    /** Calls the runtime service; the call fails with DEADLINE_EXCEEDED after {@code deadline}. */
    public <T> T runtime(Duration deadline, Function<RuntimeServiceBlockingStub, T> call) {
        MethodName method = new MethodName();
        RuntimeServiceBlockingStub stub = RuntimeServiceGrpc.newBlockingStub(channel)
                .withInterceptors(method)
                .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        return invoke(method, stub, call);
    }

    /** Calls the image service with the default deadline. */
    public <T> T images(Function<ImageServiceBlockingStub, T> call) {
        return images(DEFAULT_DEADLINE, call);
    }

    /** Calls the image service; the call fails with DEADLINE_EXCEEDED after {@code deadline}. */
    public <T> T images(Duration deadline, Function<ImageServiceBlockingStub, T> call) {
        MethodName method = new MethodName();
        ImageServiceBlockingStub stub = ImageServiceGrpc.newBlockingStub(channel)
                .withInterceptors(method)
                .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        return invoke(method, stub, call);
    }

    private static <S, T> T invoke(MethodName method, S stub, Function<S, T> call) {
        try {
            return call.apply(stub);
        } catch (StatusRuntimeException e) {
            throw CriException.from(method.name, e);
        }
    }

    /**
     * Lets the next call connect at once instead of waiting out gRPC's reconnect backoff; for a
     * runtime that is expected to come up any moment.
     */
    public void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "CriClient[unix://" + socket + "]";
    }

    /** Remembers which RPC a stub made, so a failure can name it. One instance per call. */
    private static final class MethodName implements ClientInterceptor {
        private volatile String name = "CRI call";

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(
                MethodDescriptor<Q, R> descriptor, CallOptions options, Channel next) {
            name = descriptor.getBareMethodName();
            return next.newCall(descriptor, options);
        }
    }
}
