package dev.tugboat.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.OwnerKind;

/**
 * The kinds the replica controller manages, and how they differ: where they are served, what their
 * controller references say, and the shape of their selector (a {@code LabelSelector} for ReplicaSets,
 * a plain label map for ReplicationControllers).
 */
public enum ReplicatedKind {

    REPLICA_SET(new GroupVersionResource("apps", "v1", "replicasets"), new OwnerKind("apps/v1", "ReplicaSet"),
            "replicaset-controller"),
    REPLICATION_CONTROLLER(new GroupVersionResource("", "v1", "replicationcontrollers"),
            new OwnerKind("v1", "ReplicationController"), "replication-controller");

    private final GroupVersionResource resource;
    private final OwnerKind ownerKind;
    private final String component;

    ReplicatedKind(GroupVersionResource resource, OwnerKind ownerKind, String component) {
        this.resource = resource;
        this.ownerKind = ownerKind;
        this.component = component;
    }

    public GroupVersionResource resource() {
        return resource;
    }

    public OwnerKind ownerKind() {
        return ownerKind;
    }

    /** The controller's name: the source of its events and its API client's user agent. */
    public String component() {
        return component;
    }

    /**
     * The owner's pod selector. An empty selector selects nothing: upstream lets an empty selector
     * creep in only through old data, and then refuses to match every pod of the namespace with it.
     */
    public LabelSelector selector(JsonNode owner) {
        JsonNode sel = owner.path("spec").path("selector");
        LabelSelector selector = this == REPLICA_SET ? LabelSelector.fromJson(sel)
                : LabelSelector.fromSet(Meta.stringMap(sel));
        return selector.isEmpty() ? LabelSelector.nothing() : selector;
    }
}
