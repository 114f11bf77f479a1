package dev.tugboat.controllers.podautoscaler;

import java.time.Duration;
import java.time.Instant;

/**
 * One pod's usage of one resource (upstream's metrics.PodMetric).
 *
 * @param value     milli-units (millicores, or thousandths of a byte)
 * @param timestamp the end of the sampling window
 * @param window    the sampling window
 */
record PodMetric(long value, Instant timestamp, Duration window) {

    /** A usage made up by the calculator for a pod without a sample. */
    static PodMetric assumed(long value) {
        return new PodMetric(value, PodMetrics.ZERO_TIME, Duration.ZERO);
    }
}
