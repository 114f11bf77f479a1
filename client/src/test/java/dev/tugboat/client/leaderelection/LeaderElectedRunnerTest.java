package dev.tugboat.client.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two candidates against a real API server: exactly one runs the component, the other takes over. */
class LeaderElectedRunnerTest {

    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlyTheLeaderRunsTheComponentAndAnotherTakesOverWhenItStops() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        LeaderElectedRunner a = runner("a", log);
        LeaderElectedRunner b = runner("b", log);
        try {
            a.start();
            Poll.until("a leads", a::isLeader);
            Poll.until("a's component started", () -> log.contains("a started"));
            b.start();
            Poll.until("b sees a as the leader", () -> "a".equals(b.leader()));
            assertThat(b.isLeader()).isFalse();
            a.close();
            assertThat(log).contains("a stopped");
            Poll.until("b takes over", () -> log.contains("b started"));
            assertThat(log).containsExactly("a started", "a stopped", "b started");
        } finally {
            a.close();
            b.close();
        }
        assertThat(log).endsWith("b stopped");
    }

    private static LeaderElectedRunner runner(String identity, List<String> log) {
        LeaderElectionConfig config = new LeaderElectionConfig("default", "runner-test", identity,
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200), true);
        return new LeaderElectedRunner(server.newClient(identity), config, SystemClock.INSTANCE, () -> {
            log.add(identity + " started");
            return () -> log.add(identity + " stopped");
        });
    }

    @Test
    void aLeaderWhoseComponentFailsToStartTriesAgain() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger attempts = new AtomicInteger();
        LeaderElectionConfig config = new LeaderElectionConfig("default", "runner-retry-test", "c",
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200), true);
        LeaderElectedRunner c = new LeaderElectedRunner(server.newClient("c"), config, SystemClock.INSTANCE, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            log.add("started");
            return () -> log.add("stopped");
        }, Duration.ofMillis(50));
        try {
            c.start();
            Poll.until("the component starts on the third attempt", () -> log.contains("started"));
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(c.isLeader()).isTrue();
        } finally {
            c.close();
        }
        assertThat(log).containsExactly("started", "stopped");
    }
}
