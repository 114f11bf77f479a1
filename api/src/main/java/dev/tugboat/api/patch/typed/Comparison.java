package dev.tugboat.api.patch.typed;

import dev.tugboat.api.patch.fieldpath.FieldSet;

/**
 * The difference between two versions of an object: paths removed, modified and added by the
 * right-hand side. A path is in at most one set; all are empty when the objects are equal. Immutable.
 */
public record Comparison(FieldSet removed, FieldSet modified, FieldSet added) {

    public boolean isEmpty() {
        return removed.isEmpty() && modified.isEmpty() && added.isEmpty();
    }

    /** Modified and added paths: what another owner of these fields would conflict on. */
    public FieldSet changed() {
        return modified.union(added);
    }

    /** This comparison without the given paths and everything below them (reset fields). */
    public Comparison without(FieldSet paths) {
        return new Comparison(removed.recursiveDifference(paths), modified.recursiveDifference(paths),
                added.recursiveDifference(paths));
    }
}
