package dev.tugboat.controllers.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many similar API calls in growing batches (upstream's slowStartBatch): 1, then 2, 4, 8, … calls
 * at once, each batch in parallel on virtual threads, stopping after the first batch with a failure.
 * A call that fails for a reason shared by all (a quota, an admission webhook) thus fails once or a
 * few times, not hundreds of times.
 */
public final class SlowStart {

    /** Upstream's SlowStartInitialBatchSize. */
    public static final int INITIAL_BATCH_SIZE = 1;

    private SlowStart() {
    }

    /** What one call does; throws on failure. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /**
     * The outcome: how many calls succeeded, and the first failure, if a batch failed (the calls after
     * that batch were not attempted).
     */
    public record Outcome(int successes, Exception failure) {

        public boolean failed() {
            return failure != null;
        }
    }

    public static Outcome run(int count, int initialBatchSize, Call call) {
        int remaining = count;
        int successes = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    futures.add(threads.submit(() -> {
                        call.run();
                        return null;
                    }));
                }
                Exception failure = null;
                for (Future<?> f : futures) {
                    try {
                        f.get();
                        successes++;
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Outcome(successes, e);
                    }
                }
                if (failure != null) {
                    return new Outcome(successes, failure);
                }
                remaining -= batch;
            }
        }
        return new Outcome(successes, null);
    }
}
