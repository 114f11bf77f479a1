package dev.tugboat.client.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The body of a delete ({@code meta.k8s.io/v1 DeleteOptions}).
 *
 * @param propagationPolicy          empty: the resource's default
 * @param gracePeriodSeconds         empty: the resource's default; 0 deletes at once
 * @param preconditionUid            fail with 409 unless the object has this uid
 * @param preconditionResourceVersion fail with 409 unless the object is at this resourceVersion
 * @param dryRun                     validate without deleting
 */
public record DeleteOptions(Optional<PropagationPolicy> propagationPolicy, OptionalLong gracePeriodSeconds,
                            Optional<String> preconditionUid, Optional<String> preconditionResourceVersion,
                            boolean dryRun) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(Optional.empty(), OptionalLong.empty(),
            Optional.empty(), Optional.empty(), false);

    public static DeleteOptions propagation(PropagationPolicy p) {
        return DEFAULT.withPropagationPolicy(p);
    }

    public DeleteOptions withPropagationPolicy(PropagationPolicy p) {
        return new DeleteOptions(Optional.of(p), gracePeriodSeconds, preconditionUid, preconditionResourceVersion,
                dryRun);
    }

    public DeleteOptions withGracePeriodSeconds(long s) {
        return new DeleteOptions(propagationPolicy, OptionalLong.of(s), preconditionUid, preconditionResourceVersion,
                dryRun);
    }

    public DeleteOptions withPreconditionUid(String uid) {
        return new DeleteOptions(propagationPolicy, gracePeriodSeconds, Optional.of(uid), preconditionResourceVersion,
                dryRun);
    }

    public DeleteOptions withPreconditionResourceVersion(String rv) {
        return new DeleteOptions(propagationPolicy, gracePeriodSeconds, preconditionUid, Optional.of(rv), dryRun);
    }

    public DeleteOptions withDryRun(boolean d) {
        return new DeleteOptions(propagationPolicy, gracePeriodSeconds, preconditionUid, preconditionResourceVersion,
                d);
    }

    /** The JSON body. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("kind", "DeleteOptions");
        o.put("apiVersion", "v1");
        propagationPolicy.ifPresent(p -> o.put("propagationPolicy", p.name()));
        gracePeriodSeconds.ifPresent(g -> o.put("gracePeriodSeconds", g));
        if (preconditionUid.isPresent() || preconditionResourceVersion.isPresent()) {
            ObjectNode pre = o.putObject("preconditions");
            preconditionUid.ifPresent(u -> pre.put("uid", u));
            preconditionResourceVersion.ifPresent(rv -> pre.put("resourceVersion", rv));
        }
        if (dryRun) {
            o.putArray("dryRun").add("All");
        }
        return o;
    }
}
