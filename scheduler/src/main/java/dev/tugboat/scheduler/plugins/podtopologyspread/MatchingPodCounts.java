package dev.tugboat.scheduler.plugins.podtopologyspread;

import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many pods of a namespace a selector matches on each node, remembered across scheduling cycles.
 * The pods of one workload share a selector and come one after another, and between two of them only
 * the node that got the last one changes; so scoring recounts only nodes whose info changed instead of
 * every pod in the cluster. A remembered count is valid while the snapshot holds the very same
 * {@link NodeInfo} object: the cache replaces a node's info in the snapshot on every change and never
 * mutates it in place. Counts are kept by the node's index in the snapshot's node list (an array read,
 * not a hash lookup, for the loop over every node); a node that moved is simply recounted. The few most
 * recent selectors are kept. Not thread-safe: the scheduling thread only.
 */
final class MatchingPodCounts {

    private static final int MAX_SELECTORS = 8;

    private record Key(String namespace, LabelSelector selector) {
    }

    /** The counts of one selector in one namespace, by snapshot index. */
    static final class Counter {
        private final String namespace;
        private final LabelSelector selector;
        private NodeInfo[] counted = new NodeInfo[0];
        private int[] counts = new int[0];

        private Counter(String namespace, LabelSelector selector) {
            this.namespace = namespace;
            this.selector = selector;
        }

        /**
         * @param index the node's index in the snapshot's node list, or -1 if unknown (counted afresh)
         */
        int count(NodeInfo node, int index) {
            if (index < 0) {
                return countMatching(node, namespace, selector);
            }
            if (index < counted.length && counted[index] == node) {
                return counts[index];
            }
            if (index >= counted.length) {
                int size = Math.max(index + 1, counted.length * 2);
                counted = Arrays.copyOf(counted, size);
                counts = Arrays.copyOf(counts, size);
            }
            int n = countMatching(node, namespace, selector);
            counted[index] = node;
            counts[index] = n;
            return n;
        }
    }

    private final Map<Key, Counter> bySelector = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Counter> eldest) {
            return size() > MAX_SELECTORS;
        }
    };

    Counter counter(String namespace, LabelSelector selector) {
        return bySelector.computeIfAbsent(new Key(namespace, selector), k -> new Counter(namespace, selector));
    }

    /** Pods on the node in the namespace that the selector matches, not counting terminating ones. */
    static int countMatching(NodeInfo node, String namespace, LabelSelector selector) {
        int n = 0;
        for (PodInfo p : node.pods()) {
            if (!p.deleting() && p.namespace().equals(namespace) && selector.matches(p.labels())) {
                n++;
            }
        }
        return n;
    }
}
