package dev.tugboat.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.labels.Requirement;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.scheduler.framework.ControllerRef;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers.ControllerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The selector of a pod's "siblings" for the system default spreading (upstream's
 * {@code helper.DefaultSelector}): the labels of every Service in the pod's namespace whose selector
 * matches the pod, merged (they all match the pod, so they cannot conflict), plus the selector of the
 * pod's controller when it is a ReplicationController, ReplicaSet or StatefulSet found in the cache.
 * Empty when nothing selects the pod.
 */
public final class DefaultSelector {

    private DefaultSelector() {
    }

    public static LabelSelector of(PodInfo pod, SpreadListers listers) {
        Map<String, String> labelSet = new HashMap<>();
        for (Map<String, String> service : listers.serviceSelectors(pod.namespace())) {
            if (matches(service, pod.labels())) {
                labelSet.putAll(service);
            }
        }
        List<Requirement> requirements = new ArrayList<>(LabelSelector.fromSet(labelSet).requirements());
        ControllerKind kind = kind(pod.controllerRef());
        if (kind == null) {
            return LabelSelector.of(requirements);
        }
        JsonNode selector = listers.controllerSelector(kind, pod.namespace(), pod.controllerRef().name());
        if (selector == null) {
            return LabelSelector.of(requirements);
        }
        if (kind == ControllerKind.REPLICATION_CONTROLLER) {
            // A label map, merged like a Service's.
            labelSet.putAll(Meta.stringMap(selector));
            return LabelSelector.fromSet(labelSet);
        }
        try {
            // A null selector matches nothing and has no requirements to add (upstream's Requirements() is !ok).
            requirements.addAll(LabelSelector.fromJson(selector).requirements());
        } catch (InvalidSelectorException e) {
            // An invalid controller selector adds nothing, as upstream ignores the conversion error.
        }
        return LabelSelector.of(requirements);
    }

    /** Upstream matches only these exact group/version/kinds. */
    private static ControllerKind kind(ControllerRef ref) {
        if (ref == null) {
            return null;
        }
        return switch (ref.apiVersion() + "/" + ref.kind()) {
            case "v1/ReplicationController" -> ControllerKind.REPLICATION_CONTROLLER;
            case "apps/v1/ReplicaSet" -> ControllerKind.REPLICA_SET;
            case "apps/v1/StatefulSet" -> ControllerKind.STATEFUL_SET;
            default -> null;
        };
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (var e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
