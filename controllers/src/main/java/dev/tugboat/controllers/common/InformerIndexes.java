package dev.tugboat.controllers.common;

import dev.tugboat.client.informer.IndexFunction;
import dev.tugboat.client.informer.SharedInformer;
import java.util.List;

/** Secondary indexes on informers that several controllers may share (through an InformerFactory). */
public final class InformerIndexes {

    /** Pods by {@code spec.nodeName} ("" for unscheduled pods). */
    public static final String PODS_BY_NODE = "spec.nodeName";
    /** The function of {@link #PODS_BY_NODE}: one instance, so that adding it again is a no-op. */
    public static final IndexFunction POD_NODE_NAME = p -> List.of(Pods.nodeName(p));

    private InformerIndexes() {
    }

    /**
     * Ensures {@link #PODS_BY_NODE} on a pod informer (adding the same function under the same name again
     * does nothing).
     */
    public static void ensurePodsByNode(SharedInformer pods) {
        pods.addIndex(PODS_BY_NODE, POD_NODE_NAME);
    }
}
