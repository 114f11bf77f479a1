package dev.tugboat.controllers.common;

import dev.tugboat.client.informer.IndexFunction;
import dev.tugboat.client.informer.SharedInformer;
import java.util.List;

/** Secondary indexes on informers that several controllers may share (through an InformerFactory). */
public final class InformerIndexes {

    /** Pods by {@code spec.nodeName} ("" for unscheduled pods). */
    public static final String PODS_BY_NODE = "spec.nodeName";

    private InformerIndexes() {
    }

    /**
     * Adds the index unless a controller sharing the informer added it already; controllers that share an
     * index name must give it the same function.
     */
    public static void ensure(SharedInformer informer, String name, IndexFunction fn) {
        synchronized (informer) {
            try {
                informer.addIndex(name, fn);
            } catch (IllegalArgumentException e) {
                // Added before under the same name.
            }
        }
    }

    /** Ensures {@link #PODS_BY_NODE} on a pod informer. */
    public static void ensurePodsByNode(SharedInformer pods) {
        ensure(pods, PODS_BY_NODE, p -> List.of(Pods.nodeName(p)));
    }
}
