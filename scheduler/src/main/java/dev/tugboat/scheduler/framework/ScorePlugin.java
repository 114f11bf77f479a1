package dev.tugboat.scheduler.framework;

import java.util.List;

/**
 * Ranks feasible nodes. Scores are normalized to [0, {@link #MAX_NODE_SCORE}] and then multiplied by the
 * plugin's weight.
 */
public interface ScorePlugin extends Plugin {

    long MAX_NODE_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo node);

    /** Rescales {@code scores} (parallel to {@code nodes}) in place; the default leaves them as they are. */
    default void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    }

    /**
     * Upstream's {@code DefaultNormalizeScore}: scales so that the highest score becomes
     * {@code MAX_NODE_SCORE}, optionally reversed; all-zero scores become 0 (or the maximum when reversed).
     */
    static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_NODE_SCORE : 0;
                continue;
            }
            long s = MAX_NODE_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_NODE_SCORE - s : s;
        }
    }
}
