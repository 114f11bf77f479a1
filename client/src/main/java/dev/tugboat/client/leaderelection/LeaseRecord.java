package dev.tugboat.client.leaderelection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;

/**
 * The leader election fields of a {@code coordination.k8s.io/v1} Lease's spec.
 *
 * @param holderIdentity       the leader; "" when the lease was released
 * @param acquireTime          when the current holder acquired it (null if never)
 * @param renewTime            when the holder last renewed it (null if never)
 * @param leaseTransitions     how many times the holder changed
 */
record LeaseRecord(String holderIdentity, int leaseDurationSeconds, Instant acquireTime, Instant renewTime,
                   int leaseTransitions) {

    static LeaseRecord of(JsonNode lease) {
        JsonNode spec = lease.path("spec");
        return new LeaseRecord(spec.path("holderIdentity").asText(""), spec.path("leaseDurationSeconds").asInt(0),
                Timestamps.parse(spec.path("acquireTime").asText("")).orElse(null),
                Timestamps.parse(spec.path("renewTime").asText("")).orElse(null),
                spec.path("leaseTransitions").asInt(0));
    }

    /** Writes the fields into {@code lease.spec}. */
    void writeTo(ObjectNode lease) {
        ObjectNode spec = lease.withObjectProperty("spec");
        spec.put("holderIdentity", holderIdentity);
        spec.put("leaseDurationSeconds", leaseDurationSeconds);
        if (acquireTime != null) {
            spec.put("acquireTime", Timestamps.formatMicro(acquireTime));
        }
        if (renewTime != null) {
            spec.put("renewTime", Timestamps.formatMicro(renewTime));
        }
        spec.put("leaseTransitions", leaseTransitions);
    }
}
