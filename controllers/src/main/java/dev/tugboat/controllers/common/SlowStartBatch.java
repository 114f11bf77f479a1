package dev.tugboat.controllers.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs many similar API calls in batches that double in size (1, 2, 4, …), each batch concurrently,
 * and stops after the first batch with a failure (upstream's slowStartBatch): a request that fails for
 * everyone, such as a quota refusal, is sent a handful of times rather than hundreds.
 */
public final class SlowStartBatch {

    /**
     * What happened.
     *
     * @param successes calls that returned normally
     * @param attempted calls made; {@code count - attempted} were skipped
     * @param error     the first failure, or null
     */
    public record Outcome(int successes, int attempted, RuntimeException error) {
    }

    private SlowStartBatch() {
    }

    /** Calls {@code call} with 0..count-1 in batches starting at {@code initialBatchSize}. */
    public static Outcome run(int count, int initialBatchSize, IntConsumer call) {
        int successes = 0;
        int next = 0;
        int batch = Math.min(count, Math.max(1, initialBatchSize));
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            while (batch > 0) {
                List<Future<?>> futures = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    int index = next++;
                    futures.add(exec.submit(() -> call.accept(index)));
                }
                RuntimeException error = null;
                for (Future<?> f : futures) {
                    try {
                        f.get();
                        successes++;
                    } catch (ExecutionException e) {
                        if (error == null) {
                            error = e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Outcome(successes, next, new IllegalStateException("interrupted", e));
                    }
                }
                if (error != null) {
                    return new Outcome(successes, next, error);
                }
                batch = Math.min(2 * batch, count - next);
            }
        }
        return new Outcome(successes, next, null);
    }
}
