package dev.tugboat.apiserver.endpoints;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.util.function.Predicate;

/**
 * Builds the filter of a list or watch from its {@code labelSelector} and {@code fieldSelector}
 * parameters; malformed selectors and unsupported fields are a 400. Thread-safe.
 */
public interface ObjectFilter {

    /** A predicate over cached objects (storage version). Empty selectors match everything. */
    Predicate<CachedObject> build(GroupVersionKind kind, String labelSelector, String fieldSelector);
}
