package dev.tugboat.controllers.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The arithmetic of a rollout (upstream's rolling.go, sync.go's scale and deployment_util): how far
 * maxSurge and maxUnavailable reach, which ReplicaSets to resize to what in one step, and how a change
 * of replicas mid-rollout is shared out. Pure: the answers are {@link Scaling}s that
 * {@link DeploymentSync} applies in order.
 */
public final class RolloutMath {

    private RolloutMath() {
    }

    /**
     * Resize {@code name} from {@code from} to {@code to} replicas.
     *
     * @param syncAnnotations also refresh its desired/max-replicas annotations when the size stays the same
     *                        (proportional scaling does)
     */
    public record Scaling(String name, int from, int to, boolean syncAnnotations) {
    }

    /** maxSurge and maxUnavailable as counts. */
    public record Fenceposts(int surge, int unavailable) {
    }

    /**
     * Surge rounds up, unavailability down; when both come out zero, unavailability is 1 so that a
     * rollout can proceed (validation forbids both zero explicitly, rounding can still get there).
     */
    public static Fenceposts resolveFenceposts(IntOrPercent maxSurge, IntOrPercent maxUnavailable, int desired) {
        int surge = maxSurge.scaled(desired, true);
        int unavailable = maxUnavailable.scaled(desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /** 0 for Recreate. */
    public static int maxSurge(DeploymentView d) {
        if (!d.isRollingUpdate()) {
            return 0;
        }
        return resolveFenceposts(d.maxSurge(), d.maxUnavailable(), d.replicas()).surge();
    }

    /** 0 for Recreate or zero replicas; never more than the replicas. */
    public static int maxUnavailable(DeploymentView d) {
        if (!d.isRollingUpdate() || d.replicas() == 0) {
            return 0;
        }
        return Math.min(resolveFenceposts(d.maxSurge(), d.maxUnavailable(), d.replicas()).unavailable(), d.replicas());
    }

    public static int replicas(List<ReplicaSetState> rss) {
        return rss.stream().mapToInt(ReplicaSetState::replicas).sum();
    }

    public static int available(List<ReplicaSetState> rss) {
        return rss.stream().mapToInt(ReplicaSetState::available).sum();
    }

    /** The ReplicaSets with replicas (upstream's FilterActiveReplicaSets). */
    public static List<ReplicaSetState> active(List<ReplicaSetState> rss) {
        return rss.stream().filter(rs -> rs.replicas() > 0).toList();
    }

    /**
     * How many replicas the new ReplicaSet may have now (upstream's NewRSNewReplicas): for a rolling update
     * as many more as the surge allows, at most the Deployment's replicas; for Recreate all of them.
     *
     * @param all every ReplicaSet of the Deployment, the new one included
     */
    public static int newReplicaSetReplicas(DeploymentView d, List<ReplicaSetState> all, int newReplicas) {
        if (!d.isRollingUpdate()) {
            return d.replicas();
        }
        int maxTotal = d.replicas() + maxSurge(d);
        int current = replicas(all);
        if (current >= maxTotal) {
            return newReplicas;
        }
        int up = Math.min(maxTotal - current, d.replicas() - newReplicas);
        return newReplicas + up;
    }

    /**
     * One step of a rolling update (upstream's rolloutRolling up to its status update): scale the new
     * ReplicaSet towards the Deployment's size if the surge allows; otherwise scale old ReplicaSets down,
     * first their unavailable replicas, then as far as maxUnavailable allows, oldest ReplicaSets first.
     * An empty answer means nothing can move until pods become available.
     */
    public static List<Scaling> rollingStep(DeploymentView d, ReplicaSetState newRS, List<ReplicaSetState> oldRSs) {
        List<ReplicaSetState> all = new ArrayList<>(oldRSs);
        all.add(newRS);
        if (newRS.replicas() != d.replicas()) {
            int target = newRS.replicas() > d.replicas() ? d.replicas()
                    : newReplicaSetReplicas(d, all, newRS.replicas());
            if (target != newRS.replicas()) {
                return List.of(new Scaling(newRS.name(), newRS.replicas(), target, false));
            }
        }
        return scaleDownOld(d, newRS, oldRSs);
    }

    private static List<Scaling> scaleDownOld(DeploymentView d, ReplicaSetState newRS, List<ReplicaSetState> oldRSs) {
        List<ReplicaSetState> old = new ArrayList<>(active(oldRSs));
        if (replicas(old) == 0) {
            return List.of();
        }
        int allPods = replicas(oldRSs) + newRS.replicas();
        int minAvailable = d.replicas() - maxUnavailable(d);
        int newUnavailable = newRS.replicas() - newRS.available();
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return List.of();
        }
        old.sort(ReplicaSetState.BY_CREATION);
        List<Scaling> out = new ArrayList<>();
        // Unavailable old replicas go first: removing them costs no availability (kubernetes#16737).
        int cleaned = 0;
        for (int i = 0; i < old.size() && cleaned < maxScaledDown; i++) {
            ReplicaSetState rs = old.get(i);
            if (rs.replicas() == 0 || rs.replicas() == rs.available()) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, rs.replicas() - rs.available());
            out.add(new Scaling(rs.name(), rs.replicas(), rs.replicas() - down, false));
            old.set(i, rs.withReplicas(rs.replicas() - down));
            cleaned += down;
        }
        int availableNow = available(old) + newRS.available();
        if (availableNow <= minAvailable) {
            return out;
        }
        int toScaleDown = availableNow - minAvailable;
        int scaled = 0;
        for (ReplicaSetState rs : old) {
            if (scaled >= toScaleDown) {
                break;
            }
            if (rs.replicas() == 0) {
                continue;
            }
            int down = Math.min(rs.replicas(), toScaleDown - scaled);
            out.add(new Scaling(rs.name(), rs.replicas(), rs.replicas() - down, false));
            scaled += down;
        }
        return out;
    }

    /**
     * The new ReplicaSet has all the Deployment's replicas, and was sized for it, and all are available
     * (upstream's IsSaturated).
     */
    public static boolean isSaturated(DeploymentView d, ReplicaSetState rs) {
        if (rs == null) {
            return false;
        }
        OptionalInt desired = Revisions.intAnnotation(rs.annotations(), Revisions.DESIRED_REPLICAS);
        return desired.isPresent() && rs.replicas() == d.replicas() && desired.getAsInt() == d.replicas()
                && rs.available() == d.replicas();
    }

    /**
     * The only ReplicaSet with replicas, or the newest one when none has any (upstream's
     * FindActiveOrLatest); null when several have replicas.
     */
    public static ReplicaSetState activeOrLatest(ReplicaSetState newRS, List<ReplicaSetState> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) {
            return null;
        }
        List<ReplicaSetState> newestFirst = new ArrayList<>(oldRSs);
        newestFirst.sort(ReplicaSetState.BY_CREATION.reversed());
        List<ReplicaSetState> all = new ArrayList<>(newestFirst);
        if (newRS != null) {
            all.add(newRS);
        }
        List<ReplicaSetState> active = active(all);
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : newestFirst.get(0);
            case 1 -> active.get(0);
            default -> null;
        };
    }

    /**
     * Resizing for a change of the Deployment's replicas (upstream's scale): a lone active ReplicaSet takes
     * the new size; a saturated new ReplicaSet sends the old ones to zero; mid-rollout the difference is
     * shared out in proportion to each ReplicaSet's size (rolling updates only).
     */
    public static List<Scaling> scale(DeploymentView d, ReplicaSetState newRS, List<ReplicaSetState> oldRSs) {
        ReplicaSetState only = activeOrLatest(newRS, oldRSs);
        if (only != null) {
            return only.replicas() == d.replicas() ? List.of()
                    : List.of(new Scaling(only.name(), only.replicas(), d.replicas(), false));
        }
        if (isSaturated(d, newRS)) {
            return active(oldRSs).stream().map(rs -> new Scaling(rs.name(), rs.replicas(), 0, false)).toList();
        }
        if (!d.isRollingUpdate()) {
            return List.of();
        }
        return proportionally(d, newRS, oldRSs);
    }

    private static List<Scaling> proportionally(DeploymentView d, ReplicaSetState newRS,
                                                List<ReplicaSetState> oldRSs) {
        List<ReplicaSetState> all = new ArrayList<>(oldRSs);
        if (newRS != null) {
            all.add(newRS);
        }
        List<ReplicaSetState> active = new ArrayList<>(active(all));
        int allowed = d.replicas() > 0 ? d.replicas() + maxSurge(d) : 0;
        int toAdd = allowed - replicas(active);
        // Larger ReplicaSets first; among equals, newer first when growing and older first when shrinking.
        Comparator<ReplicaSetState> bySize = Comparator.comparingInt(ReplicaSetState::replicas).reversed();
        if (toAdd > 0) {
            active.sort(bySize.thenComparing(ReplicaSetState.BY_CREATION.reversed()));
        } else if (toAdd < 0) {
            active.sort(bySize.thenComparing(ReplicaSetState.BY_CREATION));
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSetState rs : active) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, d, toAdd, added);
            sizes.put(rs.name(), rs.replicas() + proportion);
            added += proportion;
        }
        List<Scaling> out = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            ReplicaSetState rs = active.get(i);
            int size = sizes.get(rs.name());
            if (i == 0 && toAdd != 0) {
                // Leftovers from rounding go to the largest ReplicaSet.
                size = Math.max(0, size + toAdd - added);
            }
            out.add(new Scaling(rs.name(), rs.replicas(), size, true));
        }
        return out;
    }

    /** The share of {@code toAdd} (negative when shrinking) for one ReplicaSet (upstream's GetProportion). */
    static int proportion(ReplicaSetState rs, DeploymentView d, int toAdd, int added) {
        if (rs.replicas() == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /**
     * How many replicas the ReplicaSet gains or loses when the Deployment's max size moves from the one
     * it was annotated with to the current one (rounded half away from zero, as Go's math.Round).
     */
    private static int fraction(ReplicaSetState rs, DeploymentView d) {
        if (d.replicas() == 0) {
            return -rs.replicas();
        }
        int maxNow = d.replicas() + maxSurge(d);
        OptionalInt annotated = Revisions.intAnnotation(rs.annotations(), Revisions.MAX_REPLICAS);
        int before = annotated.orElse(0);
        if (before == 0) {
            // Edited or missing annotation: fall back to the Deployment's last observed size.
            before = d.statusReplicas();
            if (before == 0) {
                return 0;
            }
        }
        double newSize = (double) rs.replicas() * maxNow / before;
        return (int) Math.round(newSize) - rs.replicas();
    }

    /**
     * The old ReplicaSets to delete beyond the revision history limit (upstream's cleanupDeployment): the
     * lowest revisions first, and only those scaled to zero, with no pods and their latest spec observed.
     */
    public static List<ReplicaSetState> toCleanUp(DeploymentView d, List<ReplicaSetState> oldRSs) {
        if (d.revisionHistoryLimit() == null) {
            return List.of();
        }
        List<ReplicaSetState> alive = new ArrayList<>(oldRSs.stream().filter(rs -> !rs.deleting()).toList());
        int diff = alive.size() - d.revisionHistoryLimit();
        if (diff <= 0) {
            return List.of();
        }
        alive.sort(Comparator.comparingLong(ReplicaSetState::revision).thenComparing(ReplicaSetState.BY_CREATION));
        List<ReplicaSetState> out = new ArrayList<>();
        for (ReplicaSetState rs : alive.subList(0, diff)) {
            if (rs.statusReplicas() == 0 && rs.replicas() == 0 && rs.generation() <= rs.observedGeneration()) {
                out.add(rs);
            }
        }
        return out;
    }
}
