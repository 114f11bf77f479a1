package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;

/** Resolves a probe's port against the container's declared ports, as upstream's ResolveContainerPort. */
final class ContainerPorts {

    private ContainerPorts() {
    }

    /**
     * The port number: the number itself, or the containerPort of the container's port with that
     * name (a name that is all digits is taken as a number when no port has that name).
     *
     * @throws ProbeSetupException when no port has the name or the number is out of range
     */
    static int resolve(ProbeSpec.Port port, JsonNode container) {
        int number;
        if (port.name().isEmpty()) {
            number = port.number();
        } else {
            number = byName(port.name(), container);
        }
        if (number <= 0 || number >= 65536) {
            throw new ProbeSetupException("invalid port number: " + number);
        }
        return number;
    }

    private static int byName(String name, JsonNode container) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt(0);
            }
        }
        if (name.chars().allMatch(Character::isDigit) && name.length() <= 5) {
            return Integer.parseInt(name);
        }
        throw new ProbeSetupException("couldn't find port: " + name + " in " + container.path("name").asText());
    }
}
