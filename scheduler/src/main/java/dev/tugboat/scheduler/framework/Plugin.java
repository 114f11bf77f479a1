package dev.tugboat.scheduler.framework;

import java.util.Set;

/**
 * A scheduling plugin. A plugin implements one or more extension-point interfaces; the framework calls
 * them from the single scheduling thread (binding-cycle points from a binding thread), so they need no
 * locking of their own state kept in the {@link CycleState}.
 */
public interface Plugin {

    /** The plugin's name as upstream spells it, e.g. {@code NodeResourcesFit}. */
    String name();

    /**
     * The cluster events that can make a pod this plugin rejected schedulable (upstream's
     * {@code EnqueueExtensions}); an empty set means only the periodic retry helps.
     */
    default Set<ClusterEvent> events() {
        return Set.of();
    }
}
