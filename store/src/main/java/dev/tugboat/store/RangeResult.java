package dev.tugboat.store;

import java.util.List;

/**
 * A page of keys.
 *
 * @param kvs      the keys in ascending key order
 * @param more     whether keys beyond the limit remain
 * @param revision the store revision the range was read at (the same for every page of one list)
 */
public record RangeResult(List<KeyValue> kvs, boolean more, long revision) {
}
