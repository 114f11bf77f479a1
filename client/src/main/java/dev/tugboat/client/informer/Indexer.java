package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The informer's cache: objects by key plus secondary indexes. Writes come from the informer only;
 * reads from anyone. Thread-safe (a read-write lock; no I/O under it).
 */
final class Indexer implements Cache {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<ObjectKey, ObjectNode> items = new HashMap<>();
    private final Map<String, IndexFunction> functions = new LinkedHashMap<>();
    /** index name → index value → keys. */
    private final Map<String, Map<String, Set<ObjectKey>>> indices = new HashMap<>();

    Indexer() {
        addIndex(NAMESPACE_INDEX, obj -> List.of(Meta.namespace(obj)));
    }

    /**
     * Adds an index, indexing what is cached already. Adding the same function under the same name again
     * does nothing (controllers sharing an informer may each ensure a common index); another function
     * under a taken name is a bug.
     */
    void addIndex(String name, IndexFunction fn) {
        lock.writeLock().lock();
        try {
            IndexFunction existing = functions.putIfAbsent(name, fn);
            if (existing != null) {
                if (existing.equals(fn)) {
                    return;
                }
                throw new IllegalArgumentException("index " + name + " exists already with another function");
            }
            Map<String, Set<ObjectKey>> index = new HashMap<>();
            indices.put(name, index);
            items.forEach((k, obj) -> addToIndex(index, fn, k, obj));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Stores {@code obj}; returns the previous object under its key, or null. */
    ObjectNode put(ObjectNode obj) {
        ObjectKey key = ObjectKey.of(obj);
        lock.writeLock().lock();
        try {
            ObjectNode old = items.put(key, obj);
            if (old != null) {
                unindex(key, old);
            }
            index(key, obj);
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the object under {@code key}; returns it, or null. */
    ObjectNode remove(ObjectKey key) {
        lock.writeLock().lock();
        try {
            ObjectNode old = items.remove(key);
            if (old != null) {
                unindex(key, old);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void index(ObjectKey key, ObjectNode obj) {
        functions.forEach((name, fn) -> addToIndex(indices.get(name), fn, key, obj));
    }

    private static void addToIndex(Map<String, Set<ObjectKey>> index, IndexFunction fn, ObjectKey key,
                                   ObjectNode obj) {
        for (String v : fn.values(obj)) {
            index.computeIfAbsent(v, x -> new HashSet<>()).add(key);
        }
    }

    private void unindex(ObjectKey key, ObjectNode obj) {
        functions.forEach((name, fn) -> {
            Map<String, Set<ObjectKey>> index = indices.get(name);
            for (String v : fn.values(obj)) {
                Set<ObjectKey> keys = index.get(v);
                if (keys != null) {
                    keys.remove(key);
                    if (keys.isEmpty()) {
                        index.remove(v);
                    }
                }
            }
        });
    }

    @Override
    public Optional<ObjectNode> get(ObjectKey key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ObjectNode> list() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ObjectNode> list(String namespace) {
        return byIndex(NAMESPACE_INDEX, namespace);
    }

    @Override
    public List<ObjectNode> byIndex(String indexName, String value) {
        lock.readLock().lock();
        try {
            Map<String, Set<ObjectKey>> index = indices.get(indexName);
            if (index == null) {
                throw new IllegalArgumentException("no index named " + indexName);
            }
            Collection<ObjectKey> keys = index.getOrDefault(value, Set.of());
            List<ObjectNode> out = new ArrayList<>(keys.size());
            keys.forEach(k -> out.add(items.get(k)));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ObjectKey> keys() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return items.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
