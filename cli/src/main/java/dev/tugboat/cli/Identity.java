package dev.tugboat.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** A leader-election identity as upstream forms it: the host name and a unique suffix. */
final class Identity {

    private Identity() {
    }

    static String unique() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "_" + UUID.randomUUID();
    }
}
