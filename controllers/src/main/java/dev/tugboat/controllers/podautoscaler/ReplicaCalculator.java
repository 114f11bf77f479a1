package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import dev.tugboat.controllers.common.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Upstream's ReplicaCalculator for resource metrics, as pure functions of the target's pods and their
 * usage: the ratio of usage to target over the pods that count, and the replica count it calls for.
 * Pods being deleted or Failed are ignored; Pending pods, and (for CPU) pods whose readiness is too
 * fresh to trust their samples, are unready; pods without a sample are missing. Unready and missing pods
 * are then assumed to use nothing on a scale-up and (missing ones) their whole request on a scale-down,
 * so that neither makes the autoscaler overshoot; a result that would reverse the direction is dropped.
 */
final class ReplicaCalculator {

    private final Duration cpuInitializationPeriod;
    private final Duration delayOfInitialReadinessStatus;

    ReplicaCalculator(Duration cpuInitializationPeriod, Duration delayOfInitialReadinessStatus) {
        this.cpuInitializationPeriod = cpuInitializationPeriod;
        this.delayOfInitialReadinessStatus = delayOfInitialReadinessStatus;
    }

    /**
     * A utilization target's proposal.
     *
     * @param replicas    the proposed replica count
     * @param utilization the pods' current utilization, percent of their requests
     * @param rawAverage  their average usage in milli-units
     */
    record Utilization(int replicas, int utilization, long rawAverage) {
    }

    /**
     * An average-value target's proposal.
     *
     * @param replicas the proposed replica count
     * @param usage    the pods' average usage in milli-units
     */
    record Usage(int replicas, long usage) {
    }

    /** How the pods split (upstream's groupPods). */
    record PodGroups(int readyCount, Set<String> unready, Set<String> missing, Set<String> ignored) {
    }

    /** The usage ratio of a utilization target. */
    record Ratio(double ratio, int utilization, long rawAverage) {
    }

    /**
     * Upstream's GetResourceReplicas once the metrics are fetched.
     *
     * @param currentReplicas   the target's {@code spec.replicas}
     * @param targetUtilization percent of the pods' requests
     * @param pods              the pods the target's selector matches
     * @param metrics           usage per pod name
     * @param container         "" for whole pods, or the one container that counts
     */
    Utilization resourceReplicas(int currentReplicas, int targetUtilization, String resource, Tolerances tolerances,
                                 List<? extends JsonNode> pods, Map<String, PodMetric> metrics, String container,
                                 Instant now) throws MetricException {
        Counted counted = count(pods, metrics, resource, now);
        Map<String, Long> requests = requests(pods, container, resource);
        Ratio first = utilizationRatio(counted.usage(), requests, targetUtilization);
        double ratio = first.ratio();
        if (counted.isComplete(ratio)) {
            int replicas = tolerances.isWithin(ratio) ? currentReplicas : ceil(ratio * counted.groups().readyCount());
            return new Utilization(replicas, first.utilization(), first.rawAverage());
        }
        // Scaling down, a pod without a sample is taken to use all of its request (or the target, when that is
        // above 100%), so that it cannot make the autoscaler remove too much.
        long fallback = Math.max(100, targetUtilization);
        counted.assumeUsage(ratio, pod -> requests.get(pod) * fallback / 100);
        double newRatio = utilizationRatio(counted.usage(), requests, targetUtilization).ratio();
        int replicas = settle(currentReplicas, ratio, newRatio, counted.usage().size(), tolerances);
        return new Utilization(replicas, first.utilization(), first.rawAverage());
    }

    /**
     * Upstream's calcPlainMetricReplicas: an average-value target ({@code targetUsage} milli-units per
     * pod) once the metrics are fetched.
     */
    Usage plainReplicas(int currentReplicas, long targetUsage, String resource, Tolerances tolerances,
                        List<? extends JsonNode> pods, Map<String, PodMetric> metrics, Instant now)
            throws MetricException {
        Counted counted = count(pods, metrics, resource, now);
        long average = average(counted.usage());
        double ratio = (double) average / targetUsage;
        if (counted.isComplete(ratio)) {
            int replicas = tolerances.isWithin(ratio) ? currentReplicas : ceil(ratio * counted.groups().readyCount());
            return new Usage(replicas, average);
        }
        counted.assumeUsage(ratio, pod -> targetUsage);
        double newRatio = (double) average(counted.usage()) / targetUsage;
        return new Usage(settle(currentReplicas, ratio, newRatio, counted.usage().size(), tolerances), average);
    }

    /** The pods grouped, and the usage of those that count (ignored and unready ones taken out). */
    private record Counted(PodGroups groups, Map<String, PodMetric> usage) {

        /** Nothing to assume: no pod lacks a sample, and unready ones matter only on a scale-up. */
        boolean isComplete(double ratio) {
            return groups.missing().isEmpty() && (groups.unready().isEmpty() || ratio <= 1.0);
        }

        /**
         * Fills in the pods left out: on a scale-up missing and unready pods use nothing; on a scale-down
         * missing pods use {@code scalingDown} of them.
         */
        void assumeUsage(double ratio, ToLongFunction<String> scalingDown) {
            for (String pod : groups.missing()) {
                if (ratio < 1.0) {
                    usage.put(pod, PodMetric.assumed(scalingDown.applyAsLong(pod)));
                } else if (ratio > 1.0) {
                    usage.put(pod, PodMetric.assumed(0));
                }
            }
            if (ratio > 1.0) {
                groups.unready().forEach(pod -> usage.put(pod, PodMetric.assumed(0)));
            }
        }
    }

    private Counted count(List<? extends JsonNode> pods, Map<String, PodMetric> metrics, String resource, Instant now)
            throws MetricException {
        if (pods.isEmpty()) {
            throw new MetricException("no pods returned by selector while calculating replica count");
        }
        Map<String, PodMetric> usage = new LinkedHashMap<>(metrics);
        PodGroups groups = group(pods, usage, resource, now);
        usage.keySet().removeAll(groups.ignored());
        usage.keySet().removeAll(groups.unready());
        if (usage.isEmpty()) {
            throw new MetricException("did not receive metrics for targeted pods (pods might be unready)");
        }
        return new Counted(groups, usage);
    }

    /**
     * The count once missing and unready pods were filled in: the current one when the change is within
     * tolerance or the fill-in reversed the direction, else the new ratio over every counted pod.
     */
    private static int settle(int currentReplicas, double ratio, double newRatio, int counted, Tolerances tolerances) {
        if (tolerances.isWithin(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return currentReplicas;
        }
        int replicas = ceil(newRatio * counted);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
            return currentReplicas;
        }
        return replicas;
    }

    /** Upstream's groupPods. */
    PodGroups group(List<? extends JsonNode> pods, Map<String, PodMetric> metrics, String resource, Instant now) {
        Set<String> unready = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        Set<String> ignored = new LinkedHashSet<>();
        int ready = 0;
        for (JsonNode pod : pods) {
            String name = Meta.name(pod);
            String phase = Pods.phase(pod);
            if (Meta.isDeleting(pod) || "Failed".equals(phase)) {
                ignored.add(name);
                continue;
            }
            if ("Pending".equals(phase)) {
                unready.add(name);
                continue;
            }
            PodMetric metric = metrics.get(name);
            if (metric == null) {
                missing.add(name);
                continue;
            }
            if ("cpu".equals(resource) && cpuSampleUntrusted(pod, metric, now)) {
                unready.add(name);
                continue;
            }
            ready++;
        }
        return new PodGroups(ready, unready, missing, ignored);
    }

    /**
     * A CPU sample is not trusted from a pod without readiness or start time; during the initialization
     * period, from a pod that is not ready or whose readiness changed less than one window before the
     * sample ended (start-up CPU bursts); afterwards, from an unready pod that has never been ready.
     */
    private boolean cpuSampleUntrusted(JsonNode pod, PodMetric metric, Instant now) {
        Optional<JsonNode> ready = Pods.condition(pod, "Ready");
        Optional<Instant> start = Timestamps.parse(pod.path("status").path("startTime").asText(""));
        if (ready.isEmpty() || start.isEmpty()) {
            return true;
        }
        boolean readyFalse = "False".equals(ready.get().path("status").asText());
        Instant transition = Timestamps.parse(ready.get().path("lastTransitionTime").asText(""))
                .orElse(PodMetrics.ZERO_TIME);
        if (start.get().plus(cpuInitializationPeriod).isAfter(now)) {
            return readyFalse || metric.timestamp().isBefore(transition.plus(metric.window()));
        }
        return readyFalse && start.get().plus(delayOfInitialReadinessStatus).isAfter(transition);
    }

    /**
     * Each pod's request of {@code resource} in milli-units (upstream's calculateRequests): the pod-level
     * request when the pod sets pod-level requests and no container is named, else the sum over its
     * containers and restartable init containers (or the named container's).
     *
     * @throws MetricException naming the first container (or pod) without a request
     */
    static Map<String, Long> requests(List<? extends JsonNode> pods, String container, String resource)
            throws MetricException {
        Map<String, Long> requests = new HashMap<>();
        for (JsonNode pod : pods) {
            JsonNode podLevel = pod.path("spec").path("resources").path("requests");
            long request = container.isEmpty() && podLevel.isObject() && !podLevel.isEmpty()
                    ? podLevelRequest(pod, podLevel, resource) : containerRequests(pod, container, resource);
            requests.put(Meta.name(pod), request);
        }
        return requests;
    }

    private static long podLevelRequest(JsonNode pod, JsonNode requests, String resource) throws MetricException {
        if (!requests.has(resource)) {
            throw new MetricException("missing pod-level request for " + resource + " in Pod " + Meta.name(pod));
        }
        return milli(requests.get(resource), pod);
    }

    private static long containerRequests(JsonNode pod, String container, String resource) throws MetricException {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("spec").path("containers").forEach(containers::add);
        for (JsonNode init : pod.path("spec").path("initContainers")) {
            if ("Always".equals(init.path("restartPolicy").asText())) {
                containers.add(init);
            }
        }
        long sum = 0;
        for (JsonNode c : containers) {
            String name = c.path("name").asText("");
            if (container.isEmpty() || container.equals(name)) {
                JsonNode request = c.path("resources").path("requests").path(resource);
                if (request.isMissingNode() || request.isNull()) {
                    throw new MetricException("missing request for " + resource + " in container " + name
                            + " of Pod " + Meta.name(pod));
                }
                sum += milli(request, pod);
            }
            if (container.equals(name)) {
                return sum;
            }
        }
        if (!container.isEmpty()) {
            throw new MetricException("container " + container + " not found in Pod " + Meta.name(pod));
        }
        return sum;
    }

    private static long milli(JsonNode quantity, JsonNode pod) throws MetricException {
        try {
            return Quantity.parse(quantity).milliValue();
        } catch (QuantityFormatException e) {
            throw new MetricException("invalid request " + quantity + " in Pod " + Meta.name(pod) + ": " + e.getMessage());
        }
    }

    /**
     * Upstream's GetResourceUtilizationRatio: usage over requests of the pods that have both (whole
     * percent, rounded down), divided by the target.
     */
    static Ratio utilizationRatio(Map<String, PodMetric> metrics, Map<String, Long> requests, int targetUtilization)
            throws MetricException {
        long metricsTotal = 0;
        long requestsTotal = 0;
        int entries = 0;
        for (Map.Entry<String, PodMetric> e : metrics.entrySet()) {
            Long request = requests.get(e.getKey());
            if (request == null) {
                // Requests were checked above: a metric without a pod is extraneous.
                continue;
            }
            metricsTotal += e.getValue().value();
            requestsTotal += request;
            entries++;
        }
        if (requestsTotal == 0) {
            throw new MetricException("no metrics returned matched known pods");
        }
        long percent = metricsTotal * 100 / requestsTotal;
        int utilization = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, percent));
        return new Ratio((double) utilization / targetUtilization, utilization, metricsTotal / entries);
    }

    /** The average usage (upstream's GetMetricUsageRatio, rounded down). */
    private static long average(Map<String, PodMetric> metrics) {
        long total = 0;
        for (PodMetric m : metrics.values()) {
            total += m.value();
        }
        return total / metrics.size();
    }

    private static int ceil(double replicas) {
        double c = Math.ceil(replicas);
        return c >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) c;
    }
}
