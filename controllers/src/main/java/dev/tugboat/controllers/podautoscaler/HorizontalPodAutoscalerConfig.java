package dev.tugboat.controllers.podautoscaler;

import java.time.Duration;

/**
 * How the HorizontalPodAutoscaler controller runs (kube-controller-manager's
 * {@code --horizontal-pod-autoscaler-*} flags, with their defaults).
 *
 * @param syncPeriod                    how often each autoscaler is reconciled
 *                                      ({@code --horizontal-pod-autoscaler-sync-period}, 15 s)
 * @param downscaleStabilizationWindow  how far back recommendations count when scaling down an autoscaler
 *                                      without {@code spec.behavior}, or whose scale-down rules give no
 *                                      window ({@code --horizontal-pod-autoscaler-downscale-stabilization}, 5 min)
 * @param tolerance                     how far from 1.0 the usage ratio must be before scaling
 *                                      ({@code --horizontal-pod-autoscaler-tolerance}, 0.1)
 * @param cpuInitializationPeriod       how long after a pod starts its CPU samples are trusted only once a
 *                                      full window follows its readiness change
 *                                      ({@code --horizontal-pod-autoscaler-cpu-initialization-period}, 5 min)
 * @param delayOfInitialReadinessStatus how long after start an unready pod still counts as never having been
 *                                      ready ({@code --horizontal-pod-autoscaler-initial-readiness-delay}, 30 s)
 * @param workers                       autoscalers reconciled concurrently
 *                                      ({@code --concurrent-horizontal-pod-autoscaler-syncs}, 5)
 */
public record HorizontalPodAutoscalerConfig(Duration syncPeriod, Duration downscaleStabilizationWindow,
                                            double tolerance, Duration cpuInitializationPeriod,
                                            Duration delayOfInitialReadinessStatus, int workers) {

    public HorizontalPodAutoscalerConfig {
        if (syncPeriod.isNegative() || syncPeriod.isZero()) {
            throw new IllegalArgumentException("the sync period must be positive");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
    }

    public static HorizontalPodAutoscalerConfig defaults() {
        return new HorizontalPodAutoscalerConfig(Duration.ofSeconds(15), Duration.ofMinutes(5), 0.1,
                Duration.ofMinutes(5), Duration.ofSeconds(30), 5);
    }

    public HorizontalPodAutoscalerConfig withSyncPeriod(Duration d) {
        return new HorizontalPodAutoscalerConfig(d, downscaleStabilizationWindow, tolerance, cpuInitializationPeriod,
                delayOfInitialReadinessStatus, workers);
    }

    public HorizontalPodAutoscalerConfig withDownscaleStabilizationWindow(Duration d) {
        return new HorizontalPodAutoscalerConfig(syncPeriod, d, tolerance, cpuInitializationPeriod,
                delayOfInitialReadinessStatus, workers);
    }
}
