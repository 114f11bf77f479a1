package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import java.util.List;

/** The resource metrics API read through the API server ({@code metrics.k8s.io/v1beta1} PodMetrics). */
public final class ApiResourceMetricsClient implements ResourceMetricsClient {

    static final GroupVersionResource POD_METRICS = new GroupVersionResource("metrics.k8s.io", "v1beta1", "pods");

    private final ResourceClient podMetrics;

    public ApiResourceMetricsClient(ApiClient api) {
        this.podMetrics = api.resource(POD_METRICS);
    }

    @Override
    public List<PodMetrics> podMetrics(String namespace, String labelSelector) {
        List<ObjectNode> items = podMetrics.list(namespace, ListOptions.ALL.withLabelSelector(labelSelector)).items();
        return items.stream().map(PodMetrics::fromJson).toList();
    }
}
