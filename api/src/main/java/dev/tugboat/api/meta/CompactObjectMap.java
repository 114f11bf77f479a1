package dev.tugboat.api.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The members of one JSON object, in insertion order, in two parallel arrays. Every informer, cache
 * and request holds API objects as trees, and a {@link java.util.LinkedHashMap} spends about 40 bytes
 * of entry per member plus a hash table per object; objects have a handful of members, so arrays
 * take a third of that and a linear scan finds a key as fast as hashing. Objects with many members
 * (labels, annotations, data) get a hash index on top. Not thread-safe, like the map it replaces.
 */
final class CompactObjectMap extends AbstractMap<String, JsonNode> {

    /**
     * Above this many members, lookups go through a hash index. Below it a scan is cheap: member names
     * parsed by Jackson are interned, as are the literals code looks them up with, so the first pass
     * (by identity) nearly always finds the key.
     */
    static final int INDEX_THRESHOLD = 32;
    private static final String[] NO_KEYS = new String[0];
    private static final JsonNode[] NO_VALUES = new JsonNode[0];

    private String[] keys = NO_KEYS;
    private JsonNode[] values = NO_VALUES;
    private int size;
    /**
     * Positions by key; built on demand for large objects, dropped when positions shift. Volatile: a
     * read builds it, and trees are read by many threads at once (shared caches), so a reader must see
     * either none or a complete one.
     */
    private volatile HashMap<String, Integer> index;
    private int modCount;

    private int find(Object key) {
        if (size > INDEX_THRESHOLD) {
            HashMap<String, Integer> positions = index;
            if (positions == null) {
                positions = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    positions.put(keys[i], i);
                }
                index = positions;
            }
            Integer i = positions.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && find(key) >= 0;
    }

    @Override
    public JsonNode get(Object key) {
        if (key == null) {
            return null;
        }
        int i = find(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        Objects.requireNonNull(key, "key");
        int i = find(key);
        if (i >= 0) {
            JsonNode old = values[i];
            values[i] = value;
            return old;
        }
        if (size == keys.length) {
            int capacity = size == 0 ? 4 : size * 2;
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        keys[size] = key;
        values[size] = value;
        HashMap<String, Integer> positions = index;
        if (positions != null) {
            positions.put(key, size);
        }
        size++;
        modCount++;
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        if (key == null) {
            return null;
        }
        int i = find(key);
        if (i < 0) {
            return null;
        }
        JsonNode old = values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        int moved = size - i - 1;
        if (moved > 0) {
            System.arraycopy(keys, i + 1, keys, i, moved);
            System.arraycopy(values, i + 1, values, i, moved);
        }
        size--;
        keys[size] = null;
        values[size] = null;
        index = null;
        modCount++;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        index = null;
        modCount++;
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        // Not cached in a field: a view per call is short-lived, a field would live as long as the tree.
        return new EntrySet();
    }

    private final class EntrySet extends AbstractSet<Map.Entry<String, JsonNode>> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public void clear() {
            CompactObjectMap.this.clear();
        }

        @Override
        public Iterator<Map.Entry<String, JsonNode>> iterator() {
            return new Cursor<>() {
                @Override
                Map.Entry<String, JsonNode> at(int i) {
                    return new Entry(i);
                }
            };
        }
    }

    @Override
    public Set<String> keySet() {
        // Views are made per call rather than kept (as AbstractMap does) for as long as the tree lives.
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public Iterator<String> iterator() {
                return new Cursor<>() {
                    @Override
                    String at(int i) {
                        return keys[i];
                    }
                };
            }
        };
    }

    @Override
    public Collection<JsonNode> values() {
        return new AbstractCollection<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<JsonNode> iterator() {
                return new Cursor<>() {
                    @Override
                    JsonNode at(int i) {
                        return values[i];
                    }
                };
            }
        };
    }

    /** Iteration in member order, failing fast on changes made around it, with {@code remove}. */
    private abstract class Cursor<T> implements Iterator<T> {
        private int next;
        private int last = -1;
        private int expectedModCount = modCount;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public T next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return at(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expectedModCount = modCount;
        }
    }

    /**
     * A member as iteration found it. Unlike LinkedHashMap's entries it keeps the value it was created
     * with (a later {@code put} of the key does not show through); {@code setValue} writes to the map.
     */
    private final class Entry implements Map.Entry<String, JsonNode> {
        private final String key;
        private JsonNode value;
        private int position;

        Entry(int position) {
            this.key = keys[position];
            this.value = values[position];
            this.position = position;
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public JsonNode getValue() {
            return value;
        }

        @Override
        public JsonNode setValue(JsonNode v) {
            if (position >= size || keys[position] != key) {
                position = find(key);
                if (position < 0) {
                    throw new IllegalStateException("member " + key + " was removed");
                }
            }
            JsonNode old = values[position];
            values[position] = v;
            value = v;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
