package dev.tugboat.scheduler.framework;

/** A container port bound on the host: protocol, host IP ("0.0.0.0" when unset) and port. */
public record HostPort(String protocol, String hostIp, int port) {

    private static final String ANY = "0.0.0.0";

    /** Whether two host ports cannot share a node (same protocol and port, overlapping IPs). */
    public boolean conflicts(HostPort o) {
        return port == o.port && protocol.equals(o.protocol)
                && (hostIp.equals(o.hostIp) || hostIp.equals(ANY) || o.hostIp.equals(ANY));
    }
}
