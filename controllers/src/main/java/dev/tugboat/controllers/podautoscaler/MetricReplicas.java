package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import dev.tugboat.client.events.EventRecorder;
import java.time.Instant;
import java.util.List;

/**
 * The replica count an autoscaler's metrics call for (upstream's computeReplicasForMetrics): each metric
 * proposes a count, the highest wins, and every metric's current value goes to {@code currentMetrics}. A
 * metric that cannot be computed records a warning event and leaves an empty entry; if none can be (or a
 * failed one might have stopped a scale-down), the first failure becomes the {@code ScalingActive}
 * condition and nothing is proposed.
 *
 * <p>Resource and ContainerResource metrics are read from the resource metrics API. Tugboat serves no
 * custom or external metrics API, so Pods, Object and External metrics fail with a message saying so.
 */
final class MetricReplicas {

    private static final String NO_CUSTOM_METRICS =
            "the custom metrics API (custom.metrics.k8s.io) is not served by this cluster";
    private static final String NO_EXTERNAL_METRICS =
            "the external metrics API (external.metrics.k8s.io) is not served by this cluster";

    private final ResourceMetricsClient metrics;
    private final ReplicaCalculator calculator;
    private final EventRecorder events;

    MetricReplicas(ResourceMetricsClient metrics, ReplicaCalculator calculator, EventRecorder events) {
        this.metrics = metrics;
        this.calculator = calculator;
        this.events = events;
    }

    /**
     * What the metrics propose.
     *
     * @param replicas the highest proposal, or -1 when the autoscaler must not act on the metrics
     * @param metric   the description of the metric that proposed it, e.g.
     *                 {@code cpu resource utilization (percentage of request)}
     * @param statuses the {@code currentMetrics} entries, one per metric
     * @param error    the failures, or null when every metric was computed
     */
    record Outcome(int replicas, String metric, ArrayNode statuses, String error) {
    }

    /** Where the metrics are evaluated: the autoscaler, its target's pods, and the moment. */
    record Target(ObjectNode hpa, EventRecorder.ObjectRef ref, int specReplicas, String selector,
                  List<ObjectNode> pods, Tolerances tolerances, Instant now) {

        String namespace() {
            return ref.namespace();
        }
    }

    /** One metric's proposal. */
    private sealed interface Proposal {
        record Valid(int replicas, String metric, ObjectNode status) implements Proposal {
        }

        record Invalid(String error, Condition condition) implements Proposal {
        }
    }

    /** Computes every metric of {@code spec.metrics}; sets {@code ScalingActive} in the autoscaler's status. */
    Outcome compute(Target target, List<JsonNode> specs) {
        ArrayNode statuses = JsonNodeFactory.instance.arrayNode();
        int replicas = 0;
        String metric = "";
        int invalid = 0;
        Proposal.Invalid first = null;
        for (JsonNode spec : specs) {
            switch (forMetric(target, spec)) {
                case Proposal.Valid v -> {
                    statuses.add(v.status());
                    if (replicas == 0 || v.replicas() > replicas) {
                        replicas = v.replicas();
                        metric = v.metric();
                    }
                }
                case Proposal.Invalid i -> {
                    // Upstream leaves the failed metric's status zero-valued: {"type": ""}.
                    statuses.addObject().put("type", "");
                    if (first == null) {
                        first = i;
                    }
                    invalid++;
                }
            }
        }
        String error = first == null ? null
                : "invalid metrics (" + invalid + " invalid out of " + specs.size() + "), first error is: " + first.error();
        ObjectNode status = target.hpa().withObjectProperty("status");
        if (first != null && (invalid >= specs.size() || replicas < target.specReplicas())) {
            first.condition().setIn(status, target.now());
            return new Outcome(-1, "", statuses, error);
        }
        Condition.isTrue(Condition.SCALING_ACTIVE, "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + metric).setIn(status, target.now());
        return new Outcome(replicas, metric, statuses, error);
    }

    private Proposal forMetric(Target t, JsonNode spec) {
        String type = spec.path("type").asText("");
        return switch (type) {
            case "Resource" -> {
                JsonNode source = spec.path("resource");
                String name = source.path("name").asText("");
                try {
                    Valued v = resource(t, source.path("target"), name, "");
                    ObjectNode status = Json.object().put("type", "Resource");
                    status.putObject("resource").put("name", name).set("current", v.current());
                    yield new Proposal.Valid(v.replicas(), v.metric(), status);
                } catch (MetricException e) {
                    yield new Proposal.Invalid("failed to get " + name + " resource metric value: " + e.getMessage(),
                            unableToCompute(t, "FailedGetResourceMetric", e.getMessage()));
                }
            }
            case "ContainerResource" -> {
                JsonNode source = spec.path("containerResource");
                String name = source.path("name").asText("");
                String container = source.path("container").asText("");
                try {
                    Valued v = resource(t, source.path("target"), name, container);
                    ObjectNode status = Json.object().put("type", "ContainerResource");
                    status.putObject("containerResource").put("name", name).put("container", container)
                            .set("current", v.current());
                    yield new Proposal.Valid(v.replicas(), v.metric(), status);
                } catch (MetricException e) {
                    yield new Proposal.Invalid("failed to get " + container + " container metric value: " + e.getMessage(),
                            unableToCompute(t, "FailedGetContainerResourceMetric", e.getMessage()));
                }
            }
            case "Pods" -> {
                String cause = "unable to get metric " + spec.path("pods").path("metric").path("name").asText("")
                        + ": " + NO_CUSTOM_METRICS;
                yield new Proposal.Invalid("failed to get pods metric value: " + cause,
                        unableToCompute(t, "FailedGetPodsMetric", cause));
            }
            case "Object" -> {
                JsonNode source = spec.path("object");
                String cause = "unable to get metric " + source.path("metric").path("name").asText("") + ": "
                        + NO_CUSTOM_METRICS + " on " + source.path("describedObject").path("kind").asText("") + " "
                        + t.namespace() + "/" + source.path("describedObject").path("name").asText("");
                yield new Proposal.Invalid("failed to get object metric value: " + cause,
                        unableToCompute(t, "FailedGetObjectMetric", cause));
            }
            case "External" -> {
                String name = spec.path("external").path("metric").path("name").asText("");
                String cause = "unable to get external metric " + t.namespace() + "/" + name + ": " + NO_EXTERNAL_METRICS;
                yield new Proposal.Invalid("failed to get " + name + " external metric value: failed to get " + name
                        + " external metric: " + cause, unableToCompute(t, "FailedGetExternalMetric", cause));
            }
            default -> {
                // The API server's validation admits no other type.
                String error = "unknown metric source type \"" + type + "\"";
                yield new Proposal.Invalid(error, unableToCompute(t, "InvalidMetricSourceType", error));
            }
        };
    }

    /** Upstream's getUnableComputeReplicaCountCondition: a warning event and the ScalingActive=False condition. */
    private Condition unableToCompute(Target t, String reason, String message) {
        events.record(t.ref(), EventRecorder.WARNING, reason, message);
        return Condition.isFalse(Condition.SCALING_ACTIVE, reason, "the HPA was unable to compute the replica count: "
                + message);
    }

    /** A resource metric's proposal, its description and its {@code current} status. */
    private record Valued(int replicas, String metric, ObjectNode current) {
    }

    /** Upstream's computeStatusForResourceMetricGeneric: an average-value or a utilization target. */
    private Valued resource(Target t, JsonNode target, String resource, String container) throws MetricException {
        JsonNode averageValue = target.path("averageValue");
        if (!averageValue.isMissingNode() && !averageValue.isNull()) {
            String context = "failed to get " + resource + " usage";
            long targetUsage = milli(averageValue, context);
            ResourceMetrics.PodUsage usage = fetch(t, resource, container, context);
            ReplicaCalculator.Usage u;
            try {
                u = calculator.plainReplicas(t.specReplicas(), targetUsage, resource, t.tolerances(), t.pods(),
                        usage.byPod(), t.now());
            } catch (MetricException e) {
                throw e.wrap(context);
            }
            ObjectNode current = Json.object().put("averageValue", Quantity.ofMilli(u.usage()).toString());
            return new Valued(u.replicas(), resource + " resource", current);
        }
        JsonNode utilization = target.path("averageUtilization");
        if (!utilization.isIntegralNumber()) {
            throw new MetricException("invalid resource metric source: neither an average utilization target nor an "
                    + "average value (usage) target was set");
        }
        String context = "failed to get " + resource + " utilization";
        ResourceMetrics.PodUsage usage = fetch(t, resource, container, context);
        ReplicaCalculator.Utilization u;
        try {
            u = calculator.resourceReplicas(t.specReplicas(), utilization.asInt(), resource, t.tolerances(), t.pods(),
                    usage.byPod(), container, t.now());
        } catch (MetricException e) {
            throw e.wrap(context);
        }
        ObjectNode current = Json.object().put("averageValue", Quantity.ofMilli(u.rawAverage()).toString())
                .put("averageUtilization", u.utilization());
        String source = container.isEmpty() ? " resource" : " container resource";
        return new Valued(u.replicas(), resource + source + " utilization (percentage of request)", current);
    }

    private ResourceMetrics.PodUsage fetch(Target t, String resource, String container, String context)
            throws MetricException {
        try {
            return ResourceMetrics.fetch(metrics, resource, t.namespace(), t.selector(), container);
        } catch (MetricException e) {
            throw e.wrap("unable to get metrics for resource " + resource).wrap(context);
        }
    }

    private static long milli(JsonNode quantity, String context) throws MetricException {
        try {
            return Quantity.parse(quantity).milliValue();
        } catch (QuantityFormatException e) {
            throw new MetricException(context + ": invalid target " + quantity + ": " + e.getMessage());
        }
    }
}
