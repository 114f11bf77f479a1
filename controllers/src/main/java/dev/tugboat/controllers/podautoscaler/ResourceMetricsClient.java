package dev.tugboat.controllers.podautoscaler;

import java.util.List;

/**
 * Where the autoscaler reads pods' CPU and memory usage: the resource metrics API
 * ({@code GET /apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods?labelSelector=…}), served by
 * metrics-server or whatever stands in for it. An interface so that the controller does not depend on
 * who serves it, and tests can say what the pods use.
 */
public interface ResourceMetricsClient {

    /**
     * The metrics of the pods of {@code namespace} matching {@code labelSelector} (a pod the source has no
     * sample of yet is simply absent).
     *
     * @param labelSelector the selector in its string form, as the target's {@code Scale} reports it
     * @throws RuntimeException when the metrics cannot be read; its message says why
     */
    List<PodMetrics> podMetrics(String namespace, String labelSelector);
}
