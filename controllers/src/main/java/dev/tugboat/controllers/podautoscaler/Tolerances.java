package dev.tugboat.controllers.podautoscaler;

/**
 * How far the usage ratio may stray from 1.0, each way, before the autoscaler acts (upstream's
 * Tolerances: the controller's {@code --horizontal-pod-autoscaler-tolerance}, or per direction an
 * autoscaler's {@code spec.behavior.scaleUp/scaleDown.tolerance}).
 */
record Tolerances(double scaleDown, double scaleUp) {

    static Tolerances both(double tolerance) {
        return new Tolerances(tolerance, tolerance);
    }

    boolean isWithin(double usageRatio) {
        return 1.0 - scaleDown <= usageRatio && usageRatio <= 1.0 + scaleUp;
    }
}
