package dev.tugboat.client.informer;

import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ObjectList;
import dev.tugboat.client.rest.Watch;
import dev.tugboat.client.rest.WatchEvent;
import dev.tugboat.client.rest.WatchOptions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted server for informer tests: each list or watch call takes the next scripted answer
 * (blocking until the test provides one) and is recorded.
 */
final class FakeListerWatcher implements ListerWatcher {

    final List<ListOptions> lists = new CopyOnWriteArrayList<>();
    final List<WatchOptions> watches = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Object> listAnswers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> watchAnswers = new LinkedBlockingQueue<>();

    /** The next list call answers with {@code page} (or throws it, if it is an exception). */
    void answerList(Object page) {
        listAnswers.add(page);
    }

    /** The next watch call answers with a new stream, returned for the test to feed. */
    FakeWatch answerWatch() {
        FakeWatch w = new FakeWatch();
        watchAnswers.add(w);
        return w;
    }

    /** The next watch call throws. */
    void failWatch(RuntimeException e) {
        watchAnswers.add(e);
    }

    @Override
    public ObjectList list(ListOptions opts) {
        lists.add(opts);
        Object a = take(listAnswers);
        if (a instanceof RuntimeException e) {
            throw e;
        }
        return (ObjectList) a;
    }

    @Override
    public Watch watch(WatchOptions opts) {
        watches.add(opts);
        Object a = take(watchAnswers);
        if (a instanceof RuntimeException e) {
            throw e;
        }
        return (FakeWatch) a;
    }

    private static Object take(BlockingQueue<Object> q) {
        try {
            Object a = q.poll(30, TimeUnit.SECONDS);
            if (a == null) {
                throw new AssertionError("the test scripted no answer");
            }
            return a;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.tugboat.client.rest.TransportException("interrupted", e);
        }
    }

    /** A watch stream the test feeds event by event. */
    static final class FakeWatch implements Watch {
        private static final Object END = new Object();
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        volatile boolean closed;

        FakeWatch send(WatchEvent e) {
            events.add(e);
            return this;
        }

        /** Ends the stream as a server timeout does. */
        void end() {
            events.add(END);
        }

        /** Breaks the stream as a dropped connection does. */
        void fail(RuntimeException e) {
            events.add(e);
        }

        @Override
        public WatchEvent next() {
            try {
                Object o = events.take();
                if (o == END) {
                    return null;
                }
                if (o instanceof RuntimeException e) {
                    throw e;
                }
                return (WatchEvent) o;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void close() {
            closed = true;
            events.add(END);
        }
    }
}
