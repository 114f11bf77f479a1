package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What an informer lists and watches, and how.
 *
 * @param namespace     "" for all namespaces (or a cluster-scoped resource)
 * @param labelSelector "" for everything
 * @param fieldSelector "" for everything
 * @param resyncPeriod  how often handlers get every cached object again as an update; zero for never
 * @param pageSize      the page size of (re-)lists
 * @param transform     applied to each listed or watched object before it is cached and handed to
 *                      handlers (client-go's {@code SetTransform}), e.g. {@link #STRIP_MANAGED_FIELDS}
 */
public record InformerOptions(String namespace, String labelSelector, String fieldSelector, Duration resyncPeriod,
                              long pageSize, UnaryOperator<ObjectNode> transform) {

    /**
     * Drops {@code metadata.managedFields}, which controllers rarely read and which is often the
     * larger part of a cached object (client-go's {@code TransformStripManagedFields}).
     */
    public static final UnaryOperator<ObjectNode> STRIP_MANAGED_FIELDS = obj -> {
        if (obj.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return obj;
    };

    public static final InformerOptions ALL = new InformerOptions("", "", "", Duration.ZERO, 500,
            UnaryOperator.identity());

    public InformerOptions withNamespace(String ns) {
        return new InformerOptions(ns, labelSelector, fieldSelector, resyncPeriod, pageSize, transform);
    }

    public InformerOptions withLabelSelector(String s) {
        return new InformerOptions(namespace, s, fieldSelector, resyncPeriod, pageSize, transform);
    }

    public InformerOptions withFieldSelector(String s) {
        return new InformerOptions(namespace, labelSelector, s, resyncPeriod, pageSize, transform);
    }

    public InformerOptions withResyncPeriod(Duration d) {
        return new InformerOptions(namespace, labelSelector, fieldSelector, d, pageSize, transform);
    }

    public InformerOptions withPageSize(long n) {
        return new InformerOptions(namespace, labelSelector, fieldSelector, resyncPeriod, n, transform);
    }

    public InformerOptions withTransform(UnaryOperator<ObjectNode> t) {
        return new InformerOptions(namespace, labelSelector, fieldSelector, resyncPeriod, pageSize, t);
    }
}
