package dev.tugboat.store.etcd;

import dev.tugboat.store.KeyPrefix;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.RangeResult;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchListener;
import dev.tugboat.store.WriteResult;
import dev.tugboat.store.watch.BufferedWatch;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Store} on an etcd v3 cluster (etcd 3.4 or newer), through jetcd.
 *
 * <p>Conditional writes are single etcd transactions: create is {@code If(createRevision == 0)
 * Then(put) Else(get)}, update and delete are {@code If(modRevision == expected) Then(put/delete)
 * Else(get)}, so a failed condition costs no revision and returns the current value in the same
 * round trip. Every call blocks its thread for at most {@link Settings#requestTimeout()}.
 *
 * <p>Watches use one etcd watch stream each, with previous values; delivery goes through a
 * {@link BufferedWatch} (serial, in order, bounded). When a stream breaks the watch re-opens it
 * from the revision after the last event it buffered; duplicates are dropped by revision.
 *
 * <p>Progress: {@link Watch#requestProgress()} sends etcd's WatchProgressRequest. etcd before
 * 3.4.25 / 3.5.8 may answer it ahead of events still queued for the stream (etcd issue #15220),
 * so on those versions a progress revision can briefly run ahead of delivered events.
 *
 * <p>Thread-safe.
 */
public final class EtcdStore implements Store {

    /**
     * @param requestTimeout longest wait for one etcd request
     * @param watchCapacity  most undelivered events buffered per watch before its stream is paused
     */
    public record Settings(Duration requestTimeout, int watchCapacity) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(30), 10_000);

        public Settings {
            if (requestTimeout.isNegative() || requestTimeout.isZero() || watchCapacity < 1) {
                throw new IllegalArgumentException("invalid etcd store settings: " + this);
            }
        }
    }

    /** etcd keys are non-empty; a range from this key with this end covers every key. */
    private static final byte[] NUL = {0};

    private final Client client;
    private final KV kv;
    private final Settings settings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<BufferedWatch, EtcdWatchSource> watches = new ConcurrentHashMap<>();
    private final AtomicLong watchIds = new AtomicLong();
    /** A revision known to be compacted (or 0): the lower bound when searching for the compacted revision. */
    private final AtomicLong knownCompacted = new AtomicLong();

    /** Debian's etcd 3.4.23 may send progress ahead of queued events (etcd#15220). */
    @Override
    public boolean progressIsOrdered() {
        return false;
    }

    /** Connects to etcd over plain HTTP. */
    public EtcdStore(List<URI> endpoints) {
        this(endpoints, Settings.DEFAULTS);
    }

    public EtcdStore(List<URI> endpoints, Settings settings) {
        this(plainClient(endpoints), settings);
    }

    /**
     * Uses a configured jetcd client (the seam for TLS and authentication); the store closes it.
     * Configure it to accept large responses, e.g. {@code maxInboundMessageSize(Integer.MAX_VALUE)}.
     */
    public EtcdStore(Client client, Settings settings) {
        this.client = client;
        this.kv = client.getKVClient();
        this.settings = settings;
    }

    private static Client plainClient(List<URI> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no etcd endpoints");
        }
        for (URI endpoint : endpoints) {
            if (!"http".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("only http etcd endpoints are supported here; for TLS pass a "
                        + "configured jetcd Client: " + endpoint);
            }
        }
        // A range or watch response may carry many values of up to 1.5 MiB each.
        return Client.builder().endpoints(endpoints.toArray(URI[]::new)).maxInboundMessageSize(Integer.MAX_VALUE)
                .build();
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        ByteSequence k = bytes(checkKey(key));
        TxnResponse response = call(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), 0);
        if (!response.isSucceeded()) {
            return new WriteResult.Failed(firstOrNull(response.getGetResponses()));
        }
        long revision = response.getHeader().getRevision();
        return new WriteResult.Written(revision, new KeyValue(key, value.clone(), revision, revision, 1));
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        ByteSequence k = bytes(checkKey(key));
        checkExpected(expectedModRevision);
        TxnResponse response = call(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), 0);
        if (!response.isSucceeded()) {
            return new WriteResult.Failed(firstOrNull(response.getGetResponses()));
        }
        long revision = response.getHeader().getRevision();
        io.etcd.jetcd.KeyValue prev = response.getPutResponses().getFirst().getPrevKv();
        return new WriteResult.Written(revision,
                new KeyValue(key, value.clone(), prev.getCreateRevision(), revision, prev.getVersion() + 1));
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        ByteSequence k = bytes(checkKey(key));
        checkExpected(expectedModRevision);
        TxnResponse response = call(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), 0);
        if (!response.isSucceeded()) {
            return new WriteResult.Failed(firstOrNull(response.getGetResponses()));
        }
        KeyValue deleted = toKeyValue(response.getDeleteResponses().getFirst().getPrevKvs().getFirst());
        return new WriteResult.Written(response.getHeader().getRevision(), deleted);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        GetResponse response = call(kv.get(bytes(checkKey(key))), 0);
        return response.getKvs().stream().findFirst().map(EtcdStore::toKeyValue);
    }

    @Override
    public RangeResult range(String prefix, String startKey, long revision, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(startKey, "startKey");
        if (revision < 0 || limit < 0) {
            throw new IllegalArgumentException("revision and limit must not be negative");
        }
        KeyPrefix keys = new KeyPrefix(prefix);
        byte[] start = keys.rangeStart(startKey);
        byte[] end = keys.rangeEnd();
        GetResponse response = call(kv.get(ByteSequence.from(start.length == 0 ? NUL : start), GetOption.builder()
                .withRange(ByteSequence.from(end == null ? NUL : end))
                .withRevision(revision)
                .withLimit(limit)
                .build()), revision);
        List<KeyValue> kvs = new ArrayList<>(response.getKvs().size());
        response.getKvs().forEach(kv -> kvs.add(toKeyValue(kv)));
        return new RangeResult(List.copyOf(kvs), response.isMore(),
                revision == 0 ? response.getHeader().getRevision() : revision);
    }

    @Override
    public long currentRevision() {
        return call(kv.get(ByteSequence.from(NUL), GetOption.builder().withCountOnly(true).build()), 0)
                .getHeader().getRevision();
    }

    /**
     * {@inheritDoc}
     *
     * <p>etcd does not report its compacted revision, so this searches for the oldest readable
     * revision with a few count-only reads (about log2 of the revision span).
     */
    @Override
    public long compactedRevision() {
        long current = currentRevision();
        long low = Math.max(1, knownCompacted.get());
        if (readable(low)) {
            return low == 1 ? 0 : low;
        }
        long high = current; // readable: the current revision is never compacted away
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (readable(mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        knownCompacted.accumulateAndGet(high, Math::max);
        return high;
    }

    private boolean readable(long revision) {
        checkOpen();
        try {
            await(kv.get(ByteSequence.from(NUL), GetOption.builder().withCountOnly(true).withRevision(revision).build()));
            return true;
        } catch (ExecutionException e) {
            if (String.valueOf(e.getCause().getMessage()).contains(EtcdErrors.COMPACTED)) {
                return false;
            }
            throw EtcdErrors.translate(e.getCause(), revision, this);
        }
    }

    @Override
    public void compact(long revision) {
        checkOpen();
        try {
            await(kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
            knownCompacted.accumulateAndGet(revision, Math::max);
        } catch (ExecutionException e) {
            String message = String.valueOf(e.getCause().getMessage());
            if (message.contains(EtcdErrors.COMPACTED)) {
                return; // already compacted at least this far
            }
            throw EtcdErrors.translate(e.getCause(), revision, this);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Start revision 0 is resolved to the revision after the current one with one read.
     */
    @Override
    public Watch watch(String prefix, long startRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (startRevision < 0) {
            throw new IllegalArgumentException("start revision must not be negative: " + startRevision);
        }
        checkOpen();
        long start = startRevision == 0 ? currentRevision() + 1 : startRevision;
        EtcdWatchSource source = new EtcdWatchSource(client.getWatchClient(), watches::remove);
        BufferedWatch watch = new BufferedWatch(new KeyPrefix(prefix), start, listener, source,
                settings.watchCapacity());
        watches.put(watch, source);
        if (closed.get()) {
            watches.remove(watch);
            throw new StoreException("store is closed");
        }
        watch.start("etcd-watch-" + watchIds.incrementAndGet());
        return watch;
    }

    /** Ends the watches with "store closed" and closes the client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StoreException closedError = new StoreException("store closed");
        watches.forEach((watch, source) -> {
            source.stopUpstream();
            watch.fail(closedError);
        });
        client.close();
    }

    // ---- helpers ----

    private <T> T call(CompletableFuture<T> request, long requestedRevision) {
        checkOpen();
        try {
            return await(request);
        } catch (ExecutionException e) {
            throw EtcdErrors.translate(e.getCause(), requestedRevision, this);
        }
    }

    private <T> T await(CompletableFuture<T> request) throws ExecutionException {
        try {
            return request.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.cancel(true);
            throw new StoreException("etcd request timed out after " + settings.requestTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for etcd; a write may still happen", e);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreException("store is closed");
        }
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return key;
    }

    private static void checkExpected(long expectedModRevision) {
        if (expectedModRevision < 1) {
            throw new IllegalArgumentException("expected mod revision must be positive: " + expectedModRevision);
        }
    }

    private static KeyValue firstOrNull(List<GetResponse> responses) {
        List<io.etcd.jetcd.KeyValue> kvs = responses.getFirst().getKvs();
        return kvs.isEmpty() ? null : toKeyValue(kvs.getFirst());
    }

    static ByteSequence bytes(String key) {
        return ByteSequence.from(key, StandardCharsets.UTF_8);
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getVersion());
    }
}
