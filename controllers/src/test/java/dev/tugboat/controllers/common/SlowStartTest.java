package dev.tugboat.controllers.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlowStartTest {

    @Test
    void allCallsRunInDoublingBatches() {
        AtomicInteger calls = new AtomicInteger();
        SlowStart.Outcome o = SlowStart.run(10, 1, calls::incrementAndGet);
        assertThat(o.failed()).isFalse();
        assertThat(o.successes()).isEqualTo(10);
        assertThat(calls).hasValue(10);
    }

    @Test
    void aFailingBatchStopsTheRest() {
        AtomicInteger calls = new AtomicInteger();
        // Batches 1, 2, 4, …: the 4th call is in the third batch (calls 4..7), which fails, so 8.. never run.
        SlowStart.Outcome o = SlowStart.run(20, 1, () -> {
            if (calls.incrementAndGet() == 4) {
                throw new IllegalStateException("quota");
            }
        });
        assertThat(o.failed()).isTrue();
        assertThat(o.failure()).hasMessage("quota");
        assertThat(calls).hasValue(7);
        assertThat(o.successes()).isEqualTo(6);
    }

    @Test
    void nothingToDo() {
        assertThat(SlowStart.run(0, 1, () -> {
            throw new AssertionError("never called");
        }).successes()).isZero();
    }
}
