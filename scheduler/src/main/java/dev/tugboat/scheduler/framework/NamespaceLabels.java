package dev.tugboat.scheduler.framework;

import java.util.Map;

/** Looks up a namespace's labels (for namespace selectors of affinity terms). Thread-safe. */
@FunctionalInterface
public interface NamespaceLabels {

    NamespaceLabels NONE = ns -> null;

    /** The labels of the namespace, or null if it is unknown. */
    Map<String, String> labels(String namespace);
}
