package dev.tugboat.controllers.garbagecollector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owners recently confirmed absent, so that many dependents of one deleted owner cost one lookup
 * (upstream's ReferenceCache). Least recently used entries are dropped beyond the capacity.
 * Thread-safe.
 */
final class AbsentOwnerCache {

    private final Map<ObjectReference, Boolean> entries;

    AbsentOwnerCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectReference, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(ObjectReference ref) {
        entries.put(ref, Boolean.TRUE);
    }

    synchronized boolean has(ObjectReference ref) {
        return entries.get(ref) != null;
    }
}
