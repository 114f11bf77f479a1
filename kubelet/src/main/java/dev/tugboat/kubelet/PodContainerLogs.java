package dev.tugboat.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.kubelet.config.KubeletConfig;
import dev.tugboat.kubelet.cri.CriRuntime;
import dev.tugboat.kubelet.cri.v1.ContainerState;
import dev.tugboat.kubelet.pod.PodSpecView;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.server.ContainerLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a pod's container writes its log, for the kubelet's log endpoint: the current (or previous)
 * instance's CRI log file under the pod's log directory, with upstream's messages when there is none.
 */
final class PodContainerLogs implements ContainerLogs {

    private final KubeletConfig config;
    private final Cache pods;
    private final CriRuntime runtime;

    PodContainerLogs(KubeletConfig config, Cache pods, CriRuntime runtime) {
        this.config = config;
        this.pods = pods;
        this.runtime = runtime;
    }

    @Override
    public Lookup find(String namespace, String podName, String container, boolean previous) {
        Optional<ObjectNode> pod = pods.get(new ObjectKey(namespace, podName));
        if (pod.isEmpty()) {
            return new Unavailable(Reason.POD_NOT_FOUND, "pods \"" + podName + "\" not found");
        }
        PodSpecView spec = PodSpecView.of(pod.get());
        if (spec.container(container).isEmpty()) {
            return new Unavailable(Reason.CONTAINER_NOT_FOUND, "container \"" + container + "\" in pod \"" + podName
                    + "\" is not available");
        }
        List<ContainerRecord> instances = runtime.pod(Meta.uid(pod.get())).instances(container);
        int index = previous ? 1 : 0;
        if (instances.size() <= index) {
            if (previous) {
                return new Unavailable(Reason.NOT_AVAILABLE, "previous terminated container \"" + container
                        + "\" in pod \"" + podName + "\" not found");
            }
            return new Unavailable(Reason.NOT_AVAILABLE, "container \"" + container + "\" in pod \"" + podName
                    + "\" is waiting to start: " + waitingReason(pod.get(), container));
        }
        ContainerRecord r = instances.get(index);
        Path file = config.podLogDir(namespace, podName, Meta.uid(pod.get())).resolve(container)
                .resolve(r.attempt() + ".log");
        return new Found(file, r.id());
    }

    private static String waitingReason(JsonNode pod, String container) {
        for (String list : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode s : pod.path("status").path(list)) {
                if (s.path("name").asText().equals(container)) {
                    return s.path("state").path("waiting").path("reason").asText("ContainerCreating");
                }
            }
        }
        return "ContainerCreating";
    }

    @Override
    public boolean isRunning(String containerId) {
        return runtime.status(containerId).map(s -> s.getState() == ContainerState.CONTAINER_RUNNING).orElse(false);
    }
}
