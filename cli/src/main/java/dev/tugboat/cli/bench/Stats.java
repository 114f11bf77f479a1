package dev.tugboat.cli.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds and their percentiles. */
final class Stats {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile in milliseconds (p in 0..100). */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(idx, size - 1))] / 1_000_000.0;
    }
}
