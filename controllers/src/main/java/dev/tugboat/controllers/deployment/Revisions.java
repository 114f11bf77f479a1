package dev.tugboat.controllers.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The annotations a Deployment keeps on its ReplicaSets (upstream's deployment_util): the revision and
 * the revisions it had before (a rollback gives an old ReplicaSet a new revision), the replica counts the
 * ReplicaSet was last sized for (for proportional scaling), and the Deployment's own annotations such as
 * the change cause. Pure; works on mutable annotation maps.
 */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** Upstream's default limit on the length of the revision-history annotation. */
    public static final int MAX_HISTORY_CHARS = 2000;

    /** Deployment annotations that are not copied to its ReplicaSets. */
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private Revisions() {
    }

    /** The revision annotation as a number; 0 when absent or not a number. */
    public static long revision(Map<String, String> annotations) {
        try {
            return Long.parseLong(annotations.getOrDefault(REVISION, ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long maxRevision(Collection<Map<String, String>> annotations) {
        return annotations.stream().mapToLong(Revisions::revision).max().orElse(0);
    }

    /**
     * Brings the new ReplicaSet's annotations up to date (upstream's SetNewReplicaSetAnnotations): copies
     * the Deployment's annotations, raises the revision to {@code newRevision} if it is lower (keeping the
     * previous one in the history: a rollback), and for a ReplicaSet about to be created records the
     * replica counts.
     *
     * @return whether anything changed
     */
    public static boolean setNewReplicaSetAnnotations(Map<String, String> deployment, Map<String, String> rs,
                                                      long newRevision, boolean exists, int desired, int max) {
        boolean changed = copyDeploymentAnnotations(deployment, rs);
        String oldRevision = rs.get(REVISION);
        long old;
        try {
            old = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false; // a revision we cannot read is left alone, as upstream does
        }
        if (old < newRevision) {
            rs.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null) {
                appendHistory(rs, oldRevision);
            }
        }
        if (!exists && setReplicasAnnotations(rs, desired, max)) {
            changed = true;
        }
        return changed;
    }

    private static void appendHistory(Map<String, String> rs, String oldRevision) {
        String history = rs.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
            rs.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int total = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (total > MAX_HISTORY_CHARS && start < revisions.size()) {
            total -= revisions.get(start).length() + 1;
            start++;
        }
        if (total <= MAX_HISTORY_CHARS) {
            List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
            kept.add(oldRevision);
            rs.put(REVISION_HISTORY, String.join(",", kept));
        }
    }

    /** Copies the Deployment's annotations (but not its revision bookkeeping); whether any changed. */
    static boolean copyDeploymentAnnotations(Map<String, String> deployment, Map<String, String> rs) {
        boolean changed = false;
        for (Map.Entry<String, String> e : deployment.entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(rs.get(e.getKey()))) {
                continue;
            }
            rs.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** Whether the recorded replica counts differ from these. */
    public static boolean replicasAnnotationsNeedUpdate(Map<String, String> rs, int desired, int max) {
        return !Integer.toString(desired).equals(rs.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(rs.get(MAX_REPLICAS));
    }

    /** Records the replica counts; whether they changed. */
    public static boolean setReplicasAnnotations(Map<String, String> rs, int desired, int max) {
        boolean changed = replicasAnnotationsNeedUpdate(rs, desired, max);
        rs.put(DESIRED_REPLICAS, Integer.toString(desired));
        rs.put(MAX_REPLICAS, Integer.toString(max));
        return changed;
    }

    /** An int annotation, if present and a number. */
    static OptionalInt intAnnotation(Map<String, String> annotations, String key) {
        String v = annotations.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
