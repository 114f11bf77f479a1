package dev.tugboat.controllers.podautoscaler;

/**
 * A metric could not be read or turned into a replica count. The message is upstream's error text, each
 * layer prefixing its own context ({@code failed to get cpu utilization: missing request for cpu in …}),
 * because it is what users read in the autoscaler's conditions and events.
 */
final class MetricException extends Exception {

    MetricException(String message) {
        super(message);
    }

    /** This failure with {@code context} in front, as Go's {@code fmt.Errorf("context: %v", err)}. */
    MetricException wrap(String context) {
        return new MetricException(context + ": " + getMessage());
    }
}
