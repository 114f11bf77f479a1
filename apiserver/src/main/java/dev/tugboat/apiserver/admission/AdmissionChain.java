package dev.tugboat.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Runs plugins in order: all mutating phases, then (separately) all validating phases. */
public final class AdmissionChain {

    private final List<AdmissionPlugin> plugins;

    public AdmissionChain(List<AdmissionPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    public void admit(AdmissionAttributes attrs, ObjectNode obj, ObjectNode old) {
        for (AdmissionPlugin p : plugins) {
            p.admit(attrs, obj, old);
        }
    }

    public void validate(AdmissionAttributes attrs, ObjectNode obj, ObjectNode old) {
        for (AdmissionPlugin p : plugins) {
            p.validate(attrs, obj, old);
        }
    }
}
