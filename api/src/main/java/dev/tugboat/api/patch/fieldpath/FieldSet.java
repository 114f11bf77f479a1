package dev.tugboat.api.patch.fieldpath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of paths stored as a trie, as structured-merge-diff's {@code fieldpath.Set}: at each node,
 * {@link #members()} are the elements whose path is in the set, and {@link #children()} the
 * elements with paths in the set below them. A path can be both a member and a prefix of members
 * (fieldsV1 writes that as {@code ".":{}}). Immutable and thread-safe; operations return new sets.
 */
public final class FieldSet {

    private static final FieldSet EMPTY = new FieldSet(new TreeSet<>(), new TreeMap<>());

    private final NavigableSet<PathElement> members;
    private final NavigableMap<PathElement, FieldSet> children;

    private FieldSet(TreeSet<PathElement> members, TreeMap<PathElement, FieldSet> children) {
        this.members = Collections.unmodifiableNavigableSet(members);
        this.children = Collections.unmodifiableNavigableMap(children);
    }

    public static FieldSet empty() {
        return EMPTY;
    }

    public static FieldSet of(Path... paths) {
        return of(List.of(paths));
    }

    public static FieldSet of(Collection<Path> paths) {
        Builder b = new Builder();
        paths.forEach(b::insert);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Elements whose own path (relative to this node) is in the set, in order. */
    public NavigableSet<PathElement> members() {
        return members;
    }

    /** Non-empty subsets below each element, in order. */
    public NavigableMap<PathElement, FieldSet> children() {
        return children;
    }

    public boolean isEmpty() {
        return members.isEmpty() && children.isEmpty();
    }

    /** Whether the exact path is in the set (the root path never is). */
    public boolean has(Path path) {
        if (path.isRoot()) {
            return false;
        }
        FieldSet node = this;
        List<PathElement> els = path.elements();
        for (int i = 0; i < els.size() - 1; i++) {
            node = node.children.get(els.get(i));
            if (node == null) {
                return false;
            }
        }
        return node.members.contains(els.getLast());
    }

    /** The subset below {@code element}, relative to it (empty if none). */
    public FieldSet withPrefix(PathElement element) {
        return children.getOrDefault(element, EMPTY);
    }

    /** Number of paths in the set. */
    public int size() {
        int n = members.size();
        for (FieldSet c : children.values()) {
            n += c.size();
        }
        return n;
    }

    public FieldSet union(FieldSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeSet<PathElement> m = new TreeSet<>(members);
        m.addAll(other.members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>(children);
        other.children.forEach((pe, set) -> c.merge(pe, set, FieldSet::union));
        return new FieldSet(m, c);
    }

    public FieldSet intersection(FieldSet other) {
        TreeSet<PathElement> m = new TreeSet<>(members);
        m.retainAll(other.members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>();
        children.forEach((pe, set) -> {
            FieldSet o = other.children.get(pe);
            if (o != null) {
                putIfNotEmpty(c, pe, set.intersection(o));
            }
        });
        return new FieldSet(m, c);
    }

    /** The paths of this set that are not in {@code other}; descendants of removed paths stay. */
    public FieldSet difference(FieldSet other) {
        if (other.isEmpty()) {
            return this;
        }
        TreeSet<PathElement> m = new TreeSet<>(members);
        m.removeAll(other.members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>();
        children.forEach((pe, set) -> {
            FieldSet o = other.children.get(pe);
            putIfNotEmpty(c, pe, o == null ? set : set.difference(o));
        });
        return new FieldSet(m, c);
    }

    /** Like {@link #difference} but also removes every path below a path of {@code other}. */
    public FieldSet recursiveDifference(FieldSet other) {
        if (other.isEmpty()) {
            return this;
        }
        TreeSet<PathElement> m = new TreeSet<>(members);
        m.removeAll(other.members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>();
        children.forEach((pe, set) -> {
            if (other.members.contains(pe)) {
                return;
            }
            FieldSet o = other.children.get(pe);
            putIfNotEmpty(c, pe, o == null ? set : set.recursiveDifference(o));
        });
        return new FieldSet(m, c);
    }

    private static void putIfNotEmpty(Map<PathElement, FieldSet> c, PathElement pe, FieldSet set) {
        if (!set.isEmpty()) {
            c.put(pe, set);
        }
    }

    /** Visits every path: at each node its members first, then the children, all in order. */
    public void forEach(Consumer<Path> visitor) {
        visit(Path.root(), visitor);
    }

    private void visit(Path prefix, Consumer<Path> visitor) {
        members.forEach(pe -> visitor.accept(prefix.child(pe)));
        children.forEach((pe, set) -> set.visit(prefix.child(pe), visitor));
    }

    /** All paths, in {@link #forEach} order. */
    public List<Path> paths() {
        List<Path> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet s && s.members.equals(members) && s.children.equals(children);
    }

    @Override
    public int hashCode() {
        return 31 * members.hashCode() + children.hashCode();
    }

    @Override
    public String toString() {
        return paths().toString();
    }

    /** A mutable builder; not thread-safe. */
    public static final class Builder {
        private final TreeSet<PathElement> members = new TreeSet<>();
        private final TreeMap<PathElement, Builder> children = new TreeMap<>();

        private Builder() {
        }

        /** Adds a path; the root path is ignored. */
        public Builder insert(Path path) {
            if (path.isRoot()) {
                return this;
            }
            Builder node = this;
            List<PathElement> els = path.elements();
            for (int i = 0; i < els.size() - 1; i++) {
                node = node.children.computeIfAbsent(els.get(i), k -> new Builder());
            }
            node.members.add(els.getLast());
            return this;
        }

        public FieldSet build() {
            TreeMap<PathElement, FieldSet> c = new TreeMap<>();
            children.forEach((pe, b) -> putIfNotEmpty(c, pe, b.build()));
            if (members.isEmpty() && c.isEmpty()) {
                return EMPTY;
            }
            return new FieldSet(new TreeSet<>(members), c);
        }
    }
}
