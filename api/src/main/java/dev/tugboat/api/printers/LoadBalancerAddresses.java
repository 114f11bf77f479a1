package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/** The address text of a load balancer status (Services' EXTERNAL-IP, Ingresses' ADDRESS). */
final class LoadBalancerAddresses {

    private static final int WIDTH = 16;

    private LoadBalancerAddresses() {
    }

    /** Sorted unique IPs (else hostnames) of {@code status.loadBalancer.ingress}, cut to 13 characters + {@code ...} beyond 16 unless wide. */
    static String format(JsonNode loadBalancerStatus, boolean wide) {
        TreeSet<String> result = new TreeSet<>();
        for (JsonNode ingress : Obj.list(loadBalancerStatus, "ingress")) {
            String ip = ingress.path("ip").asText("");
            String hostname = ingress.path("hostname").asText("");
            if (!ip.isEmpty()) {
                result.add(ip);
            } else if (!hostname.isEmpty()) {
                result.add(hostname);
            }
        }
        String r = String.join(",", result);
        if (!wide && r.length() > WIDTH) {
            r = r.substring(0, WIDTH - 3) + "...";
        }
        return r;
    }
}
