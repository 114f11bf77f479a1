package dev.tugboat.simnode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Who a simulated node is: its name, its InternalIP and kubelet port (those of the resource metrics
 * endpoint that serves every simulated node, as KWOK's nodes carry kwok's address), and the machine
 * identifiers the kubelet reports. The machine ID and system UUID derive from the name (stable across restarts, like a machine's); the boot
 * ID from the name and the moment this process took the node over (a new "boot").
 */
record NodeIdentity(String name, String internalIp, int kubeletPort, String kubeletVersion, String machineId,
                    String systemUuid, String bootId) {

    static NodeIdentity of(String name, String internalIp, int kubeletPort, String kubeletVersion,
                           Instant bootTime) {
        UUID machine = UUID.nameUUIDFromBytes(("machine/" + name).getBytes(StandardCharsets.UTF_8));
        UUID system = UUID.nameUUIDFromBytes(("system/" + name).getBytes(StandardCharsets.UTF_8));
        UUID boot = UUID.nameUUIDFromBytes(("boot/" + name + "/" + bootTime).getBytes(StandardCharsets.UTF_8));
        return new NodeIdentity(name, internalIp, kubeletPort, kubeletVersion, machine.toString().replace("-", ""),
                system.toString(), boot.toString());
    }
}
