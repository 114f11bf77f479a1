package dev.tugboat.store.etcd;

import dev.tugboat.store.CompactedException;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.WatchEvent;
import dev.tugboat.store.watch.BufferedWatch;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one {@link BufferedWatch} from an etcd watch stream. Each {@link #resume} opens a new
 * stream ("generation") from the watch's next revision; callbacks of older generations are
 * ignored, so a stream that was paused (buffer full), broke, or was replaced can never deliver
 * twice or out of order. jetcd calls back on its event-loop threads; this class only hands events
 * to the buffer there and never blocks. Lock order: this source, then the watch.
 */
final class EtcdWatchSource implements BufferedWatch.Source {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatchSource.class);
    private static final byte[] NUL = {0};
    /** Consecutive stream failures (without any response in between) before the watch gives up. */
    private static final int MAX_FAILURES = 8;

    private final Watch client;
    private final Consumer<BufferedWatch> onStop;

    private final ReentrantLock lock = new ReentrantLock();
    private Watch.Watcher stream;
    private long generation;
    private boolean streamCreated;
    private boolean progressWanted;
    private boolean stopped;
    private int failures;
    private Throwable lastFailure;

    EtcdWatchSource(Watch client, Consumer<BufferedWatch> onStop) {
        this.client = client;
        this.onStop = onStop;
    }

    @Override
    public void resume(BufferedWatch watch, long nextRevision) {
        int failed;
        lock.lock();
        try {
            failed = failures;
        } finally {
            lock.unlock();
        }
        if (failed >= MAX_FAILURES) {
            throw new StoreException("etcd watch failed " + failed + " times in a row: " + lastFailure, lastFailure);
        }
        if (failed > 0) {
            backOff(failed);
        }
        long gen;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            closeStream();
            gen = ++generation;
            streamCreated = false;
        } finally {
            lock.unlock();
        }
        if (!watch.attach()) {
            return;
        }
        byte[] start = watch.prefix().bytes();
        byte[] end = watch.prefix().rangeEnd();
        WatchOption option = WatchOption.builder()
                .withRange(ByteSequence.from(end == null ? NUL : end))
                .withRevision(nextRevision)
                .withPrevKV(true)
                .withCreateNotify(true)
                .build();
        Watch.Watcher opened = client.watch(ByteSequence.from(start.length == 0 ? NUL : start), option,
                new StreamListener(watch, gen));
        lock.lock();
        try {
            if (gen == generation && !stopped) {
                stream = opened;
                if (streamCreated && progressWanted) {
                    progressWanted = false;
                    opened.requestProgress();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        opened.close();
    }

    @Override
    public void requestProgress(BufferedWatch watch) {
        lock.lock();
        try {
            if (stream != null && streamCreated) {
                stream.requestProgress();
            } else {
                // jetcd drops requests sent before the stream is established: send on "created".
                progressWanted = true;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop(BufferedWatch watch) {
        stopUpstream();
        onStop.accept(watch);
    }

    /** Closes the etcd stream for good. */
    void stopUpstream() {
        lock.lock();
        try {
            stopped = true;
            generation++;
            closeStream();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the current stream; the caller holds the lock and has moved past its generation. */
    private void closeStream() {
        Watch.Watcher old = stream;
        stream = null;
        if (old != null) {
            // jetcd's close() may run inside its own callbacks; closing off-thread avoids re-entering them.
            Thread.startVirtualThread(old::close);
        }
    }

    private static void backOff(int failures) {
        long millis = Math.min(5_000, 100L << Math.min(failures, 6));
        try {
            Thread.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Callbacks of one stream generation. */
    private final class StreamListener implements Watch.Listener {
        private final BufferedWatch watch;
        private final long gen;

        StreamListener(BufferedWatch watch, long gen) {
            this.watch = watch;
            this.gen = gen;
        }

        @Override
        public void onNext(WatchResponse response) {
            // Under the lock, so that a generation check and the offer it guards are one step.
            lock.lock();
            try {
                if (gen != generation) {
                    return;
                }
                failures = 0;
                if (response.isCreatedNotify()) {
                    streamCreated = true;
                    if (progressWanted && stream != null) {
                        progressWanted = false;
                        stream.requestProgress();
                    }
                } else if (response.isProgressNotify()) {
                    watch.progress(response.getHeader().getRevision());
                } else {
                    List<WatchEvent> events = toEvents(response);
                    if (!events.isEmpty() && !watch.offer(events, events.getLast().revision())) {
                        // Paused (buffer full) or ended: stop the stream; the watch resumes from its next revision.
                        retire(false, null);
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (error instanceof io.etcd.jetcd.common.exception.CompactedException compacted) {
                if (retire(false, null)) {
                    watch.fail(new CompactedException(watch.nextRevision(), compacted.getCompactedRevision()));
                }
                return;
            }
            if (retire(true, error)) {
                LOG.debug("etcd watch stream on {} failed; re-opening", watch.prefix().prefix(), error);
                watch.detach();
            }
        }

        @Override
        public void onCompleted() {
            // Closed by us (generation moved on), or by jetcd after an error: re-open unless retired.
            if (retire(true, new StoreException("etcd closed the watch stream"))) {
                watch.detach();
            }
        }

        /** Retires this generation's stream; returns false if it was retired already. */
        private boolean retire(boolean failed, Throwable cause) {
            lock.lock();
            try {
                if (gen != generation) {
                    return false;
                }
                generation++;
                closeStream();
                if (failed) {
                    failures++;
                    lastFailure = cause;
                }
                return true;
            } finally {
                lock.unlock();
            }
        }
    }

    private static List<WatchEvent> toEvents(WatchResponse response) {
        List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
        for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
            KeyValue prev = prevOf(event);
            switch (event.getEventType()) {
                case PUT -> events.add(new WatchEvent.Put(EtcdStore.toKeyValue(event.getKeyValue()), prev));
                case DELETE -> {
                    io.etcd.jetcd.KeyValue tombstone = event.getKeyValue();
                    // etcd omits prevKV when the previous revision was compacted; keep the key at least.
                    KeyValue deleted = prev != null ? prev : new KeyValue(
                            tombstone.getKey().toString(StandardCharsets.UTF_8), new byte[0], 0, 0, 0);
                    events.add(new WatchEvent.Delete(deleted, tombstone.getModRevision()));
                }
                default -> LOG.warn("ignoring etcd watch event of unknown type {}", event.getEventType());
            }
        }
        return events;
    }

    private static KeyValue prevOf(io.etcd.jetcd.watch.WatchEvent event) {
        io.etcd.jetcd.KeyValue prev = event.getPrevKV();
        return prev == null || prev.getModRevision() == 0 ? null : EtcdStore.toKeyValue(prev);
    }
}
