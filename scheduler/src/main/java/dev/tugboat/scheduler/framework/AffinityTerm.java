package dev.tugboat.scheduler.framework;

import dev.tugboat.api.labels.LabelSelector;
import java.util.Map;
import java.util.Set;

/**
 * A pod (anti-)affinity term, resolved against its owner's namespace (upstream's
 * {@code framework.AffinityTerm}).
 *
 * @param selector          which pods the term is about
 * @param namespaces        the listed namespaces, or the owner's namespace when neither these nor a
 *                          namespace selector are given
 * @param namespaceSelector namespaces selected by label (null when absent; an empty one selects all)
 * @param topologyKey       the node label that defines the domain
 * @param weight            for preferred terms; 0 for required ones
 */
public record AffinityTerm(LabelSelector selector, Set<String> namespaces, LabelSelector namespaceSelector,
                           String topologyKey, int weight) {

    /** Whether a pod is in one of the term's namespaces and matches its selector. */
    public boolean matches(PodInfo pod, NamespaceLabels nsLabels) {
        return namespaceMatches(pod.namespace(), nsLabels) && selector.matches(pod.labels());
    }

    private boolean namespaceMatches(String ns, NamespaceLabels nsLabels) {
        if (namespaces.contains(ns)) {
            return true;
        }
        if (namespaceSelector == null) {
            return false;
        }
        if (namespaceSelector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = nsLabels.labels(ns);
        return labels != null && namespaceSelector.matches(labels);
    }
}
