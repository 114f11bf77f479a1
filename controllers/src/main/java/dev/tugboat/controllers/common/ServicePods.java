package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How a Service relates to its pods, as upstream's endpoint controllers read it (shared by the
 * Endpoints and EndpointSlice controllers): the selector, which pods count, and target ports.
 */
public final class ServicePods {

    private ServicePods() {
    }

    /**
     * The service's pod selector, or empty when the service has none (its endpoints are managed by
     * someone else) or is an ExternalName service.
     */
    public static Optional<LabelSelector> selector(JsonNode service) {
        JsonNode selector = service.path("spec").path("selector");
        if (!selector.isObject() || selector.isEmpty()
                || "ExternalName".equals(service.path("spec").path("type").asText())) {
            return Optional.empty();
        }
        return Optional.of(LabelSelector.fromSet(Meta.stringMap(selector)));
    }

    /** Whether the service selects the pod (same namespace, labels match). */
    public static boolean selects(JsonNode service, JsonNode pod) {
        return Meta.namespace(service).equals(Meta.namespace(pod))
                && selector(service).map(s -> s.matches(Meta.labels(pod))).orElse(false);
    }

    /**
     * Whether the pod gets an endpoint at all (upstream's ShouldPodBeInEndpoints): it has an IP, is not
     * finished, and is not being deleted unless terminating endpoints are wanted.
     */
    public static boolean shouldBeInEndpoints(JsonNode pod, boolean includeTerminating) {
        return !podIp(pod).isEmpty() && !Pods.isFinished(pod) && (includeTerminating || !Meta.isDeleting(pod));
    }

    /** The pod's primary IP ("" before the kubelet reported one). */
    public static String podIp(JsonNode pod) {
        return pod.path("status").path("podIP").asText("");
    }

    /** {@code spec.publishNotReadyAddresses}: every endpoint counts as ready. */
    public static boolean publishNotReady(JsonNode service) {
        return service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
    }

    /** The endpoint hostname: the pod's hostname when its subdomain is the service's name. */
    public static String hostname(JsonNode service, JsonNode pod) {
        String hostname = pod.path("spec").path("hostname").asText("");
        if (!hostname.isEmpty() && Meta.name(service).equals(pod.path("spec").path("subdomain").asText(""))
                && Meta.namespace(service).equals(Meta.namespace(pod))) {
            return hostname;
        }
        return "";
    }

    /**
     * The pod's port for a service port (upstream's FindPort): a number is taken as it is; a name is
     * looked up among the container ports (sidecar init containers included) with the same protocol.
     * Empty when the pod has no such named port.
     */
    public static OptionalInt findPort(JsonNode pod, JsonNode servicePort) {
        JsonNode target = servicePort.path("targetPort");
        if (target.isMissingNode() || target.isNull()) {
            return OptionalInt.of(servicePort.path("port").asInt());
        }
        if (target.isNumber()) {
            return OptionalInt.of(target.asInt());
        }
        String name = target.asText();
        String protocol = servicePort.path("protocol").asText("TCP");
        for (JsonNode c : pod.path("spec").path("containers")) {
            OptionalInt p = namedPort(c, name, protocol);
            if (p.isPresent()) {
                return p;
            }
        }
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            if ("Always".equals(c.path("restartPolicy").asText())) {
                OptionalInt p = namedPort(c, name, protocol);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt namedPort(JsonNode container, String name, String protocol) {
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText()) && protocol.equals(p.path("protocol").asText("TCP"))) {
                return OptionalInt.of(p.path("containerPort").asInt());
            }
        }
        return OptionalInt.empty();
    }

    /** The trigger time of a pod: when its readiness last changed, else when it was created. */
    public static String triggerTime(JsonNode pod) {
        return Pods.condition(pod, "Ready").map(c -> c.path("lastTransitionTime").asText(""))
                .filter(t -> !t.isEmpty()).orElse(Meta.creationTimestamp(pod));
    }

    /** Hands {@code enqueue} each Service in the pod's namespace that selects the pod. */
    public static void servicesOf(Cache services, JsonNode pod, Consumer<ObjectKey> enqueue) {
        for (ObjectNode svc : services.list(Meta.namespace(pod))) {
            if (selects(svc, pod)) {
                enqueue.accept(ObjectKey.of(svc));
            }
        }
    }

    /**
     * A pod event handler for controllers keyed by Service (endpoints, endpoint slices): every change of a
     * pod enqueues the Services selecting it, and a relabelled pod also those its old labels matched.
     */
    public static ResourceEventHandler podHandler(Cache services, Consumer<ObjectKey> enqueue) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod, boolean initialList) {
                servicesOf(services, pod, enqueue);
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
                servicesOf(services, newPod, enqueue);
                if (!Meta.labels(oldPod).equals(Meta.labels(newPod))) {
                    servicesOf(services, oldPod, enqueue);
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                servicesOf(services, pod, enqueue);
            }
        };
    }
}
