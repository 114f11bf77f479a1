package dev.tugboat.kubelet.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The single-node pod network: a CNI configuration list for the reference {@code bridge} plugin on the
 * bridge {@code cbr0} with {@code host-local} addresses from the node's podCIDR (the gateway takes the
 * first address), {@code portmap} for hostPorts and {@code loopback}. The runtime picks the file up
 * from its CNI configuration directory and reports NetworkReady once it is there.
 */
public final class BridgeNetwork {

    public static final String BRIDGE = "cbr0";
    public static final String FILE = "10-tugboat.conflist";

    private BridgeNetwork() {
    }

    /** The conflist for a node's podCIDR; addresses are recorded under {@code ipamDataDir}. */
    public static String conflist(String podCidr, Path ipamDataDir) {
        ObjectNode root = Json.object();
        root.put("cniVersion", "1.0.0");
        root.put("name", "tugboat");
        ArrayNode plugins = root.putArray("plugins");
        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", BRIDGE);
        bridge.put("isGateway", true);
        bridge.put("ipMasq", false);
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.put("dataDir", ipamDataDir.toString());
        ipam.putArray("ranges").addArray().addObject().put("subnet", podCidr);
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
        plugins.addObject().put("type", "loopback");
        return Json.string(root);
    }

    /** Writes the conflist into the runtime's CNI directory (atomically: the runtime watches it). */
    public static void write(Path confDir, String podCidr, Path ipamDataDir) throws IOException {
        Files.createDirectories(confDir);
        Path tmp = confDir.resolve("." + FILE + ".tmp");
        Files.writeString(tmp, conflist(podCidr, ipamDataDir));
        Files.move(tmp, confDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the bridge once no pod uses it (the node is going away); nothing if it is not there. */
    public static void removeBridge() throws IOException {
        if (Files.exists(Path.of("/sys/class/net", BRIDGE))) {
            HostRoutes.run("ip", "link", "del", BRIDGE);
        }
    }
}
