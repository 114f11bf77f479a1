package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.events.EventRecorder.ObjectRef;

/** Events about nodes, referenced as upstream's node controllers (and kubectl describe node) do. */
public final class NodeEvents {

    private NodeEvents() {
    }

    /** A node as the subject of an event; upstream puts the node's name where the uid goes. */
    public static ObjectRef ref(JsonNode node) {
        return new ObjectRef("v1", "Node", "", Meta.name(node), Meta.name(node));
    }

    /** Upstream's RecordNodeStatusChange: Normal, "Node x status is now: reason". */
    public static void recordStatusChange(EventRecorder events, JsonNode node, String newStatus) {
        events.record(ref(node), EventRecorder.NORMAL, newStatus,
                "Node " + Meta.name(node) + " status is now: " + newStatus);
    }
}
