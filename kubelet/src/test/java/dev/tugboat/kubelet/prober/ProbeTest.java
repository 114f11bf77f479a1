package dev.tugboat.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tugboat.api.meta.Json;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeTest {

    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void defaultsAreUpstreams() throws Exception {
        Probe p = Probe.of(json("{'readinessProbe':{'tcpSocket':{'port':80}}}"), Probe.Kind.READINESS).orElseThrow();
        assertThat(p.period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.successThreshold()).isEqualTo(1);
        assertThat(p.failureThreshold()).isEqualTo(3);
        assertThat(p.initialDelay()).isZero();
        assertThat(Probe.of(json("{}"), Probe.Kind.LIVENESS)).isEmpty();
    }

    @Test
    void resultsFlipOnlyAfterTheirThresholds() throws Exception {
        Probe live = Probe.of(json("{'livenessProbe':{'exec':{'command':['true']},'failureThreshold':2}}"),
                Probe.Kind.LIVENESS).orElseThrow();
        ProbeState s = ProbeState.initial(live);
        assertThat(s.result()).as("liveness starts as success").isTrue();
        s = s.next(ProbeOutcome.failed("x"));
        assertThat(s.result()).isTrue();
        s = s.next(ProbeOutcome.ok()).next(ProbeOutcome.failed("x"));
        assertThat(s.result()).as("the streak starts over after a success").isTrue();
        s = s.next(ProbeOutcome.failed("x"));
        assertThat(s.result()).isFalse();

        Probe ready = Probe.of(json("{'readinessProbe':{'exec':{'command':['true']},'successThreshold':2}}"),
                Probe.Kind.READINESS).orElseThrow();
        ProbeState r = ProbeState.initial(ready);
        assertThat(r.result()).as("readiness starts as failure").isFalse();
        assertThat(r.next(ProbeOutcome.ok()).result()).isFalse();
        assertThat(r.next(ProbeOutcome.ok()).next(ProbeOutcome.ok()).result()).isTrue();
    }

    @Test
    void aProbeWaitsForItsInitialDelay() throws Exception {
        Probe p = Probe.of(json("{'startupProbe':{'tcpSocket':{'port':1},'initialDelaySeconds':5}}"),
                Probe.Kind.STARTUP).orElseThrow();
        Instant started = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(ProbeState.initial(p).due(started, started.plusSeconds(4))).isFalse();
        assertThat(ProbeState.initial(p).due(started, started.plusSeconds(5))).isTrue();
    }

    @Test
    void httpAndTcpProbesAgainstARealServer() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", ex -> {
            assertThat(ex.getRequestHeaders().getFirst("User-Agent")).startsWith("kube-probe/");
            assertThat(ex.getRequestHeaders().getFirst("X-Check")).isEqualTo("yes");
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            ProbeRunner runner = new ProbeRunner(null);
            JsonNode container = json("{'ports':[{'name':'web','containerPort':" + port + "}]}");
            Probe http = Probe.of(json("{'livenessProbe':{'httpGet':{'path':'/healthz','port':'web',"
                    + "'httpHeaders':[{'name':'X-Check','value':'yes'}]}}}"), Probe.Kind.LIVENESS).orElseThrow();
            assertThat(runner.run(http, container, "", "127.0.0.1").success()).isTrue();
            status.set(302);
            assertThat(runner.run(http, container, "", "127.0.0.1").success()).isTrue();
            status.set(500);
            ProbeOutcome failed = runner.run(http, container, "", "127.0.0.1");
            assertThat(failed.success()).isFalse();
            assertThat(failed.message()).isEqualTo("HTTP probe failed with statuscode: 500");

            Probe tcp = Probe.of(json("{'readinessProbe':{'tcpSocket':{'port':" + port + "}}}"), Probe.Kind.READINESS)
                    .orElseThrow();
            assertThat(runner.run(tcp, container, "", "127.0.0.1").success()).isTrue();
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Probe tcpClosed = Probe.of(json("{'readinessProbe':{'tcpSocket':{'port':" + closed + "}}}"),
                Probe.Kind.READINESS).orElseThrow();
        ProbeOutcome refused = new ProbeRunner(null).run(tcpClosed, json("{}"), "", "127.0.0.1");
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).isEqualTo("dial tcp 127.0.0.1:" + closed + ": connect: connection refused");
    }
}
