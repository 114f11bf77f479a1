package dev.tugboat.kubelet.pod;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One container of a pod spec as the kubelet plans with it.
 *
 * @param restartable an init container with restartPolicy Always (a sidecar)
 * @param hash        ContainerHash of the spec: a running container created from another spec is replaced
 * @param spec        the container's JSON, for the runtime configuration
 */
public record ContainerSpec(String name, String image, boolean init, boolean restartable, String hash,
                            JsonNode spec) {

    static ContainerSpec of(JsonNode c, boolean init) {
        return new ContainerSpec(c.path("name").asText(), c.path("image").asText(), init,
                init && "Always".equals(c.path("restartPolicy").asText("")), ContainerHash.of(c), c);
    }

    public boolean hasProbe(String kind) {
        return spec.path(kind).isObject();
    }
}
