package dev.tugboat.apiserver.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.WriteResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A bitmap of allocated offsets kept in the store under one key and changed only by compare-and-swap,
 * so several API servers (and restarts) never hand out one value twice — upstream's range
 * allocation objects. Thread-safe; every call is one or more store round trips.
 */
public final class RangeAllocator {

    /** Why an allocation failed. */
    public enum Failure { ALREADY_ALLOCATED, OUT_OF_RANGE, FULL }

    /** An allocation failure. */
    public static final class AllocationException extends RuntimeException {
        private final Failure failure;

        AllocationException(Failure failure) {
            super(failure.name(), null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    private static final int MAX_CAS_RETRIES = 100;

    private final Store store;
    private final String key;
    private final String range;
    private final int size;

    public RangeAllocator(Store store, String key, String range, int size) {
        this.store = store;
        this.key = key;
        this.range = range;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Marks {@code offset} used. */
    public void allocate(int offset) {
        if (offset < 0 || offset >= size) {
            throw new AllocationException(Failure.OUT_OF_RANGE);
        }
        update(bits -> {
            if (bits.get(offset)) {
                throw new AllocationException(Failure.ALREADY_ALLOCATED);
            }
            bits.set(offset);
            return offset;
        });
    }

    /** Marks some free offset used (starting from a random point, as upstream) and returns it. */
    public int allocateNext() {
        return update(bits -> {
            int start = ThreadLocalRandom.current().nextInt(size);
            int free = bits.nextClearBit(start);
            if (free >= size) {
                free = bits.nextClearBit(0);
                if (free >= start) {
                    throw new AllocationException(Failure.FULL);
                }
            }
            bits.set(free);
            return free;
        });
    }

    /** Whether {@code offset} is free (for dry runs). */
    public boolean isFree(int offset) {
        return offset >= 0 && offset < size && !read().bits().get(offset);
    }

    /** Frees {@code offset}; freeing a free offset is harmless. */
    public void release(int offset) {
        if (offset < 0 || offset >= size) {
            return;
        }
        update(bits -> {
            bits.clear(offset);
            return offset;
        });
    }

    /** Replaces the bitmap with exactly the offsets in use (startup repair). */
    public void repair(BitSet inUse) {
        update(bits -> {
            bits.clear();
            bits.or(inUse);
            return 0;
        });
    }

    private interface Mutation {
        int apply(BitSet bits);
    }

    private record Snapshot(BitSet bits, long modRevision) {
    }

    private Snapshot read() {
        Optional<KeyValue> kv = store.get(key);
        if (kv.isEmpty()) {
            return new Snapshot(new BitSet(size), 0);
        }
        try {
            JsonNode doc = Json.parse(kv.get().value());
            byte[] packed = Base64.getDecoder().decode(doc.path("data").asText(""));
            return new Snapshot(BitSet.valueOf(gunzip(packed)), kv.get().modRevision());
        } catch (IOException e) {
            throw new StoreException("corrupt range allocation at " + key, e);
        }
    }

    private int update(Mutation m) {
        for (int i = 0; i < MAX_CAS_RETRIES; i++) {
            Snapshot s = read();
            BitSet bits = (BitSet) s.bits().clone();
            int result = m.apply(bits);
            if (bits.equals(s.bits()) && s.modRevision() != 0) {
                return result;
            }
            byte[] value = encode(bits);
            WriteResult r = s.modRevision() == 0 ? store.create(key, value) : store.update(key, value, s.modRevision());
            if (r instanceof WriteResult.Written) {
                return result;
            }
        }
        throw new StoreException("too much contention on " + key);
    }

    private byte[] encode(BitSet bits) {
        ObjectNode doc = Json.object();
        doc.put("range", range);
        doc.put("data", Base64.getEncoder().encodeToString(gzip(bits.toByteArray())));
        return Json.bytes(doc);
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] packed) throws IOException {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return gz.readAllBytes();
        }
    }
}
