package dev.tugboat.scheduler.framework;

import dev.tugboat.api.labels.LabelSelector;

/**
 * A pod's {@code topologySpreadConstraints} entry, with matchLabelKeys already merged into the selector.
 *
 * @param minDomains           1 when unset
 * @param honorNodeAffinity    nodeAffinityPolicy (Honor is the default)
 * @param honorNodeTaints      nodeTaintsPolicy (Ignore is the default)
 */
public record TopologySpreadConstraint(int maxSkew, String topologyKey, boolean doNotSchedule, LabelSelector selector,
                                       int minDomains, boolean honorNodeAffinity, boolean honorNodeTaints) {
}
