package dev.tugboat.client.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock for tests: time moves only when {@link #advance} is called, which runs the timers that fall
 * due, in order, on the calling thread. Thread-safe.
 */
public final class FakeClock implements Clock {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
    private Instant wall;
    private long nanos;
    private long seq;

    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    public FakeClock(Instant start) {
        this.wall = start;
    }

    public FakeClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return wall;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        Task t = new Task(nanos + Math.max(0, delay.toNanos()), seq++, task, cancelled);
        tasks.add(t);
        notifyAll();
        return () -> {
            synchronized (FakeClock.this) {
                boolean wasPending = tasks.remove(t);
                cancelled[0] = true;
                return wasPending;
            }
        };
    }

    /** Moves time forward, running every timer due by then (also ones scheduled by those timers). */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due() > target) {
                    wall = wall.plusNanos(target - nanos);
                    nanos = target;
                    return;
                }
                tasks.poll();
                wall = wall.plusNanos(next.due() - nanos);
                nanos = next.due();
            }
            if (!next.cancelled()[0]) {
                next.run().run();
            }
        }
    }

    /** How many timers are pending. */
    public synchronized int pendingTimers() {
        return tasks.size();
    }

    /** Blocks until at least {@code n} timers are pending (a thread has gone to sleep on this clock). */
    public synchronized void awaitPendingTimers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tasks.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " pending timers, have " + tasks.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Due times of pending timers relative to now, for assertions. */
    public synchronized List<Duration> pendingDelays() {
        List<Duration> out = new ArrayList<>();
        tasks.stream().sorted(Comparator.comparingLong(Task::due))
                .forEach(t -> out.add(Duration.ofNanos(t.due() - nanos)));
        return out;
    }
}
