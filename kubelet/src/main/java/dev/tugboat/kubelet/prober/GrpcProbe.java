package dev.tugboat.kubelet.prober;

import dev.tugboat.kubelet.prober.health.v1.HealthCheckRequest;
import dev.tugboat.kubelet.prober.health.v1.HealthCheckResponse;
import dev.tugboat.kubelet.prober.health.v1.HealthGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The grpc probe: grpc.health.v1.Health/Check over plaintext on a fresh channel, SERVING passes.
 * As upstream, every problem is a failure (never an error), with grpc_health_probe's texts: a server
 * not reached within the timeout, one without the health service, an RPC that outlives the timeout,
 * or a status other than SERVING.
 */
final class GrpcProbe {

    private final String userAgent;

    GrpcProbe(String kubeletVersion) {
        this.userAgent = "kube-probe/" + HttpProbe.majorMinor(kubeletVersion);
    }

    ProbeOutcome run(String host, int port, String service, Duration timeout) {
        String address = GoText.hostPort(host, port);
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .userAgent(userAgent)
                .build();
        try {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    // Like upstream's blocking dial: keep trying to connect until the timeout.
                    .withWaitForReady()
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build());
            if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
                return ProbeOutcome.failure("service unhealthy (responded with "
                        + GoText.quote(response.getStatus().name()) + ")");
            }
            return ProbeOutcome.success("service healthy");
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
                if (channel.getState(false) != ConnectivityState.READY) {
                    return ProbeOutcome.failure("timeout: failed to connect service " + GoText.quote(address)
                            + " within " + GoText.duration(timeout) + ": context deadline exceeded");
                }
                return ProbeOutcome.failure("timeout: health rpc did not complete within " + GoText.duration(timeout));
            }
            String description = status.getDescription() == null ? "" : status.getDescription();
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                return ProbeOutcome.failure(
                        "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): "
                                + description);
            }
            return ProbeOutcome.failure("error: health rpc probe failed: rpc error: code = "
                    + GoText.grpcCode(status.getCode()) + " desc = " + description);
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
