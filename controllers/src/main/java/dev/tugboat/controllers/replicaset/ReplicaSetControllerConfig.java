package dev.tugboat.controllers.replicaset;

/**
 * How a replica controller runs.
 *
 * @param kind          ReplicaSets or ReplicationControllers
 * @param workers       owners reconciled concurrently (upstream's --concurrent-replicaset-syncs, 5)
 * @param burstReplicas most pods created or deleted in one reconcile (upstream's BurstReplicas, 500)
 */
public record ReplicaSetControllerConfig(ReplicatedKind kind, int workers, int burstReplicas) {

    public ReplicaSetControllerConfig {
        if (workers < 1 || burstReplicas < 1) {
            throw new IllegalArgumentException("workers and burstReplicas must be positive");
        }
    }

    /** The ReplicaSet controller with upstream's defaults. */
    public static ReplicaSetControllerConfig replicaSets() {
        return new ReplicaSetControllerConfig(ReplicatedKind.REPLICA_SET, 5, 500);
    }

    /** The ReplicationController controller with upstream's defaults. */
    public static ReplicaSetControllerConfig replicationControllers() {
        return new ReplicaSetControllerConfig(ReplicatedKind.REPLICATION_CONTROLLER, 5, 500);
    }

    public ReplicaSetControllerConfig withBurstReplicas(int n) {
        return new ReplicaSetControllerConfig(kind, workers, n);
    }
}
