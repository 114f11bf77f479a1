package dev.tugboat.kubelet.pod;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the kubelet plans a pod from: its identity, restart policy and containers. Pure and immutable. */
public record PodSpecView(String namespace, String name, String uid, RestartPolicy restartPolicy,
                          List<ContainerSpec> initContainers, List<ContainerSpec> containers, boolean hostNetwork) {

    public PodSpecView {
        initContainers = List.copyOf(initContainers);
        containers = List.copyOf(containers);
    }

    public static PodSpecView of(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        return new PodSpecView(Meta.namespace(pod), Meta.name(pod), Meta.uid(pod),
                RestartPolicy.of(spec.path("restartPolicy").asText("Always")),
                containers(spec.path("initContainers"), true), containers(spec.path("containers"), false),
                spec.path("hostNetwork").asBoolean(false));
    }

    private static List<ContainerSpec> containers(JsonNode list, boolean init) {
        List<ContainerSpec> out = new ArrayList<>();
        for (JsonNode c : list) {
            out.add(ContainerSpec.of(c, init));
        }
        return out;
    }

    public Optional<ContainerSpec> container(String name) {
        return java.util.stream.Stream.concat(initContainers.stream(), containers.stream())
                .filter(c -> c.name().equals(name)).findFirst();
    }

    /** {@code name_namespace(uid)}: how the kubelet names a pod in messages. */
    public String formatted() {
        return name + "_" + namespace + "(" + uid + ")";
    }
}
