package dev.tugboat.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Locale;

/** What a node on this machine is called and where it is reached when the flags do not say. */
final class NodeDefaults {

    private NodeDefaults() {
    }

    /** The hostname in the form a Node name takes (lower case, DNS characters). */
    static String hostname() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "tugboat-node";
        }
        return host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }

    /** The first IPv4 address of an interface that is up and not loopback or a pod bridge; else 127.0.0.1. */
    static String firstIpv4() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                String n = nic.getName();
                if (!nic.isUp() || nic.isLoopback() || n.startsWith("cbr") || n.startsWith("cni")
                        || n.startsWith("veth") || n.startsWith("docker") || n.startsWith("tugboat")) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // Loopback then.
        }
        return "127.0.0.1";
    }
}
