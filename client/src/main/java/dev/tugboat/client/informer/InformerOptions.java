package dev.tugboat.client.informer;

import java.time.Duration;

/**
 * What an informer lists and watches, and how.
 *
 * @param namespace     "" for all namespaces (or a cluster-scoped resource)
 * @param labelSelector "" for everything
 * @param fieldSelector "" for everything
 * @param resyncPeriod  how often handlers get every cached object again as an update; zero for never
 * @param pageSize      the page size of (re-)lists
 */
public record InformerOptions(String namespace, String labelSelector, String fieldSelector, Duration resyncPeriod,
                              long pageSize) {

    public static final InformerOptions ALL = new InformerOptions("", "", "", Duration.ZERO, 500);

    public InformerOptions withNamespace(String ns) {
        return new InformerOptions(ns, labelSelector, fieldSelector, resyncPeriod, pageSize);
    }

    public InformerOptions withLabelSelector(String s) {
        return new InformerOptions(namespace, s, fieldSelector, resyncPeriod, pageSize);
    }

    public InformerOptions withFieldSelector(String s) {
        return new InformerOptions(namespace, labelSelector, s, resyncPeriod, pageSize);
    }

    public InformerOptions withResyncPeriod(Duration d) {
        return new InformerOptions(namespace, labelSelector, fieldSelector, d, pageSize);
    }

    public InformerOptions withPageSize(long n) {
        return new InformerOptions(namespace, labelSelector, fieldSelector, resyncPeriod, n);
    }
}
