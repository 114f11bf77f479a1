package dev.tugboat.client.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leader election against a real API server, with time driven by a fake clock. */
class LeaderElectorTest {

    static TestApiServer server;
    static final AtomicInteger SEQ = new AtomicInteger();

    private final FakeClock clock = new FakeClock();
    private final List<LeaderElector> electors = new ArrayList<>();
    private final String leaseName = "lease-" + SEQ.incrementAndGet();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeElectors() {
        electors.forEach(LeaderElector::close);
    }

    /** Records callbacks; the leading callback blocks until interrupted, as a component would. */
    static final class Events implements LeaderCallbacks {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStartedLeading() {
            log.add("started");
            try {
                Thread.sleep(Duration.ofDays(1));
            } catch (InterruptedException e) {
                log.add("leading interrupted");
            }
        }

        @Override
        public void onStoppedLeading() {
            log.add("stopped");
        }

        @Override
        public void onNewLeader(String identity) {
            log.add("leader " + identity);
        }
    }

    private LeaderElector elector(String identity, boolean releaseOnCancel, Events events) {
        LeaderElectionConfig defaults = LeaderElectionConfig.defaults("default", leaseName, identity);
        LeaderElectionConfig config = new LeaderElectionConfig(defaults.namespace(), defaults.name(),
                defaults.identity(), defaults.leaseDuration(), defaults.renewDeadline(), defaults.retryPeriod(),
                releaseOnCancel);
        LeaderElector e = new LeaderElector(server.client(), config, clock, events);
        electors.add(e);
        return e;
    }

    private JsonNode leaseSpec() {
        return server.client().resource(LeaderElector.LEASES).get("default", leaseName).path("spec");
    }

    /** Moves time one (jittered) retry period on and waits until {@code sleepers} threads sleep again. */
    private void tick(int sleepers) throws InterruptedException {
        clock.advance(Duration.ofMillis(2400));
        clock.awaitPendingTimers(sleepers, Duration.ofSeconds(10));
    }

    @Test
    void theFirstCandidateAcquiresTheLeaseAndTheSecondWaits() throws Exception {
        Events a = new Events();
        LeaderElector ea = elector("a", true, a);
        ea.start();
        Poll.until("a leads", ea::isLeader);
        clock.awaitPendingTimers(1, Duration.ofSeconds(10));

        Events b = new Events();
        LeaderElector eb = elector("b", true, b);
        eb.start();
        clock.awaitPendingTimers(2, Duration.ofSeconds(10));

        assertThat(eb.isLeader()).isFalse();
        assertThat(eb.leader()).isEqualTo("a");
        JsonNode spec = leaseSpec();
        assertThat(spec.path("holderIdentity").asText()).isEqualTo("a");
        assertThat(spec.path("leaseDurationSeconds").asInt()).isEqualTo(15);
        assertThat(spec.path("renewTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        Poll.until("a's component runs", () -> a.log.contains("started"));
        assertThat(b.log).containsExactly("leader a");
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedOnlyAfterTheLeaseDuration() throws Exception {
        LeaderElector ea = elector("a", false, new Events());
        ea.start();
        Poll.until("a leads", ea::isLeader);
        LeaderElector eb = elector("b", true, new Events());
        eb.start();
        clock.awaitPendingTimers(2, Duration.ofSeconds(10));
        ea.close(); // a crashes: no release, no more renewals
        String lastRenew = leaseSpec().path("renewTime").asText();

        int ticks = 0;
        while (!eb.isLeader()) {
            tick(1);
            ticks++;
            assertThat(ticks).as("b took over too late").isLessThanOrEqualTo(8);
        }

        // 2.4 s per tick: the lease (15 s) had to run out as observed by b, so at least 6 ticks.
        assertThat(ticks).isGreaterThanOrEqualTo(6);
        JsonNode spec = leaseSpec();
        assertThat(spec.path("holderIdentity").asText()).isEqualTo("b");
        assertThat(spec.path("leaseTransitions").asInt()).isEqualTo(1);
        assertThat(spec.path("renewTime").asText()).isNotEqualTo(lastRenew);
    }

    @Test
    void aReleasedLeaseIsTakenOverAtTheNextAttempt() throws Exception {
        Events a = new Events();
        LeaderElector ea = elector("a", true, a);
        ea.start();
        Poll.until("a leads", ea::isLeader);
        LeaderElector eb = elector("b", true, new Events());
        eb.start();
        clock.awaitPendingTimers(2, Duration.ofSeconds(10));

        ea.close();
        assertThat(leaseSpec().path("holderIdentity").asText()).isEmpty();
        assertThat(a.log).contains("stopped", "leading interrupted");
        tick(1);

        Poll.until("b leads", eb::isLeader);
        assertThat(leaseSpec().path("holderIdentity").asText()).isEqualTo("b");
    }

    @Test
    void aLeaderThatCannotRenewGivesUpAfterTheRenewDeadline() throws Exception {
        Events a = new Events();
        LeaderElector ea = elector("a", true, a);
        ea.start();
        Poll.until("a leads", ea::isLeader);
        clock.awaitPendingTimers(1, Duration.ofSeconds(10));
        // Someone else takes the lease over behind a's back.
        ResourceClient leases = server.client().resource(LeaderElector.LEASES);
        ObjectNode stolen = leases.get("default", leaseName);
        ((ObjectNode) stolen.get("spec")).put("holderIdentity", "intruder");
        leases.update("default", stolen);

        int ticks = 0;
        while (ea.isLeader()) {
            tick(1);
            ticks++;
            assertThat(ticks).as("a gave up too late").isLessThanOrEqualTo(6);
        }

        assertThat(ticks).as("renewDeadline is 10 s").isGreaterThanOrEqualTo(4);
        Poll.until("a's component was interrupted", () -> a.log.contains("leading interrupted"));
        assertThat(a.log).contains("stopped", "leader intruder");
    }
}
