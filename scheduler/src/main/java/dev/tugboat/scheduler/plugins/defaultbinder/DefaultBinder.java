package dev.tugboat.scheduler.plugins.defaultbinder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.scheduler.framework.BindPlugin;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Status;
import java.util.function.BiConsumer;

/**
 * Binds a pod by POSTing a {@code v1 Binding} to its {@code pods/binding} subresource (the uid
 * precondition makes a recreated pod of the same name fail the binding instead of taking the node).
 */
public final class DefaultBinder implements BindPlugin {

    public static final String NAME = "DefaultBinder";

    /** POSTs a Binding object in a namespace; throws on failure. */
    private final BiConsumer<String, ObjectNode> postBinding;

    public DefaultBinder(BiConsumer<String, ObjectNode> postBinding) {
        this.postBinding = postBinding;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status bind(CycleState state, PodInfo pod, String nodeName) {
        postBinding.accept(pod.namespace(), binding(pod, nodeName));
        return Status.SUCCESS;
    }

    /** The Binding object that assigns the pod to the node. */
    public static ObjectNode binding(PodInfo pod, String nodeName) {
        ObjectNode b = Json.object();
        b.put("apiVersion", "v1").put("kind", "Binding");
        b.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
        b.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
        return b;
    }
}
