package dev.tugboat.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the system default spreading needs to know about the workloads that select a pod: the
 * selectors of the Services in its namespace and of its controller (upstream passes the Service,
 * ReplicationController, ReplicaSet and StatefulSet listers to {@code helper.DefaultSelector}).
 * Implementations read informer caches: calls are in-memory, never block on I/O, and may be made from
 * the scheduling thread while the caches change.
 */
public interface SpreadListers {

    /** The workload kinds whose selector a pod's controller contributes. */
    enum ControllerKind {
        /** {@code v1 ReplicationController}: {@code spec.selector} is a label map. */
        REPLICATION_CONTROLLER,
        /** {@code apps/v1 ReplicaSet}: {@code spec.selector} is a {@code metav1.LabelSelector}. */
        REPLICA_SET,
        /** {@code apps/v1 StatefulSet}: {@code spec.selector} is a {@code metav1.LabelSelector}. */
        STATEFUL_SET
    }

    /**
     * The {@code spec.selector} label maps of the Services in {@code namespace} that have one (a
     * Service without a selector selects nothing, and contributes nothing).
     */
    Collection<Map<String, String>> serviceSelectors(String namespace);

    /** The {@code spec.selector} of the cached controller, or null when it is not cached. */
    JsonNode controllerSelector(ControllerKind kind, String namespace, String name);

    /** Knows no Services and no controllers: no pod gets default constraints. */
    SpreadListers NONE = new SpreadListers() {
        @Override
        public Collection<Map<String, String>> serviceSelectors(String namespace) {
            return List.of();
        }

        @Override
        public JsonNode controllerSelector(ControllerKind kind, String namespace, String name) {
            return null;
        }
    };
}
