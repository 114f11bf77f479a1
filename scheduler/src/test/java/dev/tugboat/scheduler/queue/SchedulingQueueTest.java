package dev.tugboat.scheduler.queue;

import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.PodInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The active, backoff and unschedulable parts of the queue, driven by a fake clock. */
class SchedulingQueueTest {

    final FakeClock clock = new FakeClock();
    final SchedulingQueue queue = new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(5), Map.of(ClusterEvent.NODE_ADD, Set.of("NodeResourcesFit"),
            ClusterEvent.ASSIGNED_POD_DELETE, Set.of("NodeResourcesFit")));

    static PodInfo p(String name, int priority) {
        ObjectNode pod = pod("ns", name, null, null);
        spec(pod).put("priority", priority);
        return PodInfo.from(pod);
    }

    QueuedPodInfo pop() throws InterruptedException {
        return queue.pop(Duration.ofMillis(10));
    }

    @Test
    void higherPriorityFirstThenFirstQueued() throws Exception {
        queue.add(p("low", 0));
        clock.advance(Duration.ofMillis(1));
        queue.add(p("high", 100));
        clock.advance(Duration.ofMillis(1));
        queue.add(p("low2", 0));
        assertThat(pop().pod().name()).isEqualTo("high");
        assertThat(pop().pod().name()).isEqualTo("low");
        assertThat(pop().pod().name()).isEqualTo("low2");
        assertThat(pop()).isNull();
    }

    @Test
    void backoffDoublesPerAttemptUpToTheMaximum() {
        assertThat(queue.backoffDuration(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(queue.backoffDuration(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(queue.backoffDuration(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(queue.backoffDuration(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(queue.backoffDuration(50)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anUnschedulablePodWaitsForARelevantEventAndThenForItsBackoff() throws Exception {
        queue.add(p("a", 0));
        QueuedPodInfo q = pop();
        long cycle = queue.schedulingCycle();
        q.setUnschedulablePlugins(Set.of("NodeResourcesFit"));
        queue.addUnschedulable(q, cycle);
        queue.done("ns/a");
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 0, 1));

        queue.moveAllToActiveOrBackoff(ClusterEvent.NODE_UPDATE);
        assertThat(queue.sizes().unschedulable()).as("no plugin registered NODE_UPDATE").isEqualTo(1);

        queue.moveAllToActiveOrBackoff(ClusterEvent.NODE_ADD);
        assertThat(queue.sizes()).as("still backing off").isEqualTo(new SchedulingQueue.Sizes(0, 1, 0));
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(1, 0, 0));
        assertThat(pop().attempts()).isEqualTo(2);
    }

    @Test
    void anEventDuringTheAttemptSendsThePodToBackoffInsteadOfParkingIt() throws Exception {
        queue.add(p("a", 0));
        QueuedPodInfo q = pop();
        long cycle = queue.schedulingCycle();
        queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
        queue.addUnschedulable(q, cycle);
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 1, 0));
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutesAtMost() throws Exception {
        queue.add(p("a", 0));
        QueuedPodInfo q = pop();
        q.setUnschedulablePlugins(Set.of("NodeAffinity"));
        queue.addUnschedulable(q, queue.schedulingCycle());
        clock.advance(Duration.ofMinutes(4));
        queue.flushUnschedulableLeftover();
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        queue.flushUnschedulableLeftover();
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(1, 0, 0));
    }

    @Test
    void ourOwnStatusUpdateDoesNotRequeueButASpecChangeDoes() throws Exception {
        PodInfo a = p("a", 0);
        queue.add(a);
        QueuedPodInfo q = pop();
        q.setUnschedulablePlugins(Set.of("NodeAffinity"));
        queue.addUnschedulable(q, queue.schedulingCycle());
        ObjectNode withStatus = a.pod().deepCopy();
        withStatus.putObject("status").put("nominatedNodeName", "");
        queue.update(a, PodInfo.from(withStatus));
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);
        ObjectNode tolerating = a.pod().deepCopy();
        spec(tolerating).putArray("tolerations").addObject().put("operator", "Exists");
        queue.update(a, PodInfo.from(tolerating));
        assertThat(queue.sizes().unschedulable()).isZero();
    }

    @Test
    void deletedPodsLeaveEveryPart() throws Exception {
        queue.add(p("a", 0));
        queue.delete(p("a", 0));
        assertThat(pop()).isNull();
    }

    @Test
    void nominationsAreKeptPerNode() {
        PodInfo a = p("a", 10);
        queue.nominate(a, "n1");
        assertThat(queue.nominatedPods("n1")).extracting(PodInfo::name).containsExactly("a");
        queue.nominate(a, "n2");
        assertThat(queue.nominatedPods("n1")).isEmpty();
        queue.delete(a);
        assertThat(queue.nominatedPods("n2")).isEmpty();
    }
}
