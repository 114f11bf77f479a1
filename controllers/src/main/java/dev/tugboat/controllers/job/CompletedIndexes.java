package dev.tugboat.controllers.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of completion indexes as ordered, non-overlapping, non-adjacent intervals (upstream's
 * orderedIntervals), written the way {@code status.completedIndexes} shows them: {@code "0-2,4,7-9"}.
 * Immutable; pure.
 */
public final class CompletedIndexes {

    record Interval(int first, int last) {
    }

    private static final CompletedIndexes EMPTY = new CompletedIndexes(List.of());

    private final List<Interval> intervals;

    private CompletedIndexes(List<Interval> intervals) {
        this.intervals = List.copyOf(intervals);
    }

    public static CompletedIndexes empty() {
        return EMPTY;
    }

    /**
     * Reads a status string, ignoring what is malformed and indexes at or above {@code completions}
     * (as upstream's parseIndexesFromString).
     */
    public static CompletedIndexes parse(String text, int completions) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        TreeSet<Integer> all = new TreeSet<>();
        for (String part : text.split(",")) {
            String[] bounds = part.split("-", -1);
            try {
                int first = Integer.parseInt(bounds[0]);
                int last = bounds.length == 2 ? Integer.parseInt(bounds[1]) : first;
                if (bounds.length > 2 || first < 0) {
                    continue;
                }
                for (int x = first; x <= Math.min(last, completions - 1); x++) {
                    all.add(x);
                }
            } catch (NumberFormatException e) {
                // malformed: skipped
            }
        }
        return EMPTY.with(all);
    }

    /** This set with the given indexes added. */
    public CompletedIndexes with(Collection<Integer> indexes) {
        TreeSet<Integer> all = new TreeSet<>(indexes);
        for (Interval i : intervals) {
            for (int x = i.first(); x <= i.last(); x++) {
                all.add(x);
            }
        }
        List<Interval> merged = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int x : all) {
            if (start == null) {
                start = x;
            } else if (x != prev + 1) {
                merged.add(new Interval(start, prev));
                start = x;
            }
            prev = x;
        }
        if (start != null) {
            merged.add(new Interval(start, prev));
        }
        return new CompletedIndexes(merged);
    }

    public boolean contains(int index) {
        for (Interval i : intervals) {
            if (index < i.first()) {
                return false;
            }
            if (index <= i.last()) {
                return true;
            }
        }
        return false;
    }

    /** How many indexes the set holds. */
    public int total() {
        int n = 0;
        for (Interval i : intervals) {
            n += i.last() - i.first() + 1;
        }
        return n;
    }

    /**
     * The first {@code count} indexes below {@code completions} that are neither in this set nor in
     * {@code excluded} (upstream's firstPendingIndexes).
     */
    public List<Integer> firstPending(int count, int completions, Collection<Integer> excluded) {
        List<Integer> out = new ArrayList<>();
        for (int x = 0; x < completions && out.size() < count; x++) {
            if (!contains(x) && !excluded.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Interval i : intervals) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(i.first());
            if (i.last() > i.first()) {
                sb.append('-').append(i.last());
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompletedIndexes c && c.intervals.equals(intervals);
    }

    @Override
    public int hashCode() {
        return intervals.hashCode();
    }
}
