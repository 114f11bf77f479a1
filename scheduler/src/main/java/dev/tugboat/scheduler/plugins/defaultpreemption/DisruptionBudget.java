package dev.tugboat.scheduler.plugins.defaultpreemption;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import java.util.HashSet;
import java.util.Set;

/**
 * What preemption needs of a PodDisruptionBudget: its namespace, selector, how many disruptions it
 * allows now, and the pods already counted as disrupted.
 */
public record DisruptionBudget(String namespace, LabelSelector selector, int disruptionsAllowed,
                               Set<String> disruptedPods) {

    /** Reads a {@code policy/v1 PodDisruptionBudget}; an invalid selector selects nothing. */
    public static DisruptionBudget from(JsonNode pdb) {
        LabelSelector selector;
        try {
            selector = LabelSelector.fromJson(pdb.path("spec").path("selector"));
        } catch (InvalidSelectorException e) {
            selector = LabelSelector.nothing();
        }
        Set<String> disrupted = new HashSet<>();
        pdb.path("status").path("disruptedPods").fieldNames().forEachRemaining(disrupted::add);
        return new DisruptionBudget(Meta.namespace(pdb), selector,
                pdb.path("status").path("disruptionsAllowed").asInt(0), Set.copyOf(disrupted));
    }
}
