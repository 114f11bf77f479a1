package dev.tugboat.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogReaderTest {

    @TempDir
    Path dir;

    /** Where followers write; closed after each test, which ends a follower a failed test left behind. */
    private final Buffer out = new Buffer();

    @AfterEach
    void leave() {
        out.open = false;
    }

    /** Collects output; can pretend the reader left. */
    private static final class Buffer implements LogSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        volatile boolean open = true;

        @Override
        public synchronized boolean write(byte[] bytes, int offset, int length) {
            out.write(bytes, offset, length);
            return open;
        }

        @Override
        public boolean flush() {
            return open;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        synchronized String text() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static final String LOG = """
            2024-05-01T10:00:01.5Z stdout F one
            2024-05-01T10:00:02Z stderr F two
            2024-05-01T10:00:03Z stdout P thr
            2024-05-01T10:00:03.1Z stdout P e
            2024-05-01T10:00:03.2Z stdout F e
            not a cri line
            2024-05-01T10:00:04Z stdout F four
            """;

    private Path log(String content) throws IOException {
        return Files.writeString(dir.resolve("0.log"), content);
    }

    private String read(String content, CriLogReader.Options options) throws Exception {
        Buffer out = new Buffer();
        try (CriLogReader r = CriLogReader.open(log(content), options, Duration.ofMillis(10))) {
            r.copy(out, () -> false);
        }
        return out.text();
    }

    private static CriLogReader.Options opts(long tail, Instant since, boolean timestamps, long limit) {
        return new CriLogReader.Options(false, tail, since, timestamps, limit);
    }

    @Test
    void joinsPartialLinesAndSkipsMalformedOnes() throws Exception {
        assertThat(read(LOG, CriLogReader.Options.all())).isEqualTo("one\ntwo\nthree\nfour\n");
    }

    @Test
    void timestampsPrefixEachLineWithTheTimeOfItsFirstPiece() throws Exception {
        assertThat(read(LOG, opts(-1, null, true, Long.MAX_VALUE))).isEqualTo("""
                2024-05-01T10:00:01.5Z one
                2024-05-01T10:00:02Z two
                2024-05-01T10:00:03Z three
                2024-05-01T10:00:04Z four
                """);
    }

    @Test
    void tailCountsJoinedLines() throws Exception {
        assertThat(read(LOG, opts(2, null, false, Long.MAX_VALUE))).isEqualTo("three\nfour\n");
        assertThat(read(LOG, opts(10, null, false, Long.MAX_VALUE))).isEqualTo("one\ntwo\nthree\nfour\n");
        assertThat(read(LOG, opts(0, null, false, Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void sinceDropsOlderLines() throws Exception {
        assertThat(read(LOG, opts(-1, Instant.parse("2024-05-01T10:00:02Z"), false, Long.MAX_VALUE)))
                .isEqualTo("two\nthree\nfour\n");
        assertThat(read(LOG, opts(1, Instant.parse("2024-05-01T10:00:02Z"), false, Long.MAX_VALUE)))
                .isEqualTo("four\n");
        assertThat(read(LOG, opts(-1, Instant.parse("2024-05-01T11:00:00Z"), false, Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void limitBytesCutsTheOutputIncludingTimestamps() throws Exception {
        assertThat(read(LOG, opts(-1, null, false, 6))).isEqualTo("one\ntw");
        assertThat(read(LOG, opts(-1, null, true, 25))).isEqualTo("2024-05-01T10:00:01.5Z on");
    }

    @Test
    void anUnfinishedLastLineIsShownAsItIs() throws Exception {
        assertThat(read("2024-05-01T10:00:01Z stdout F one\n2024-05-01T10:00:02Z stdout P half",
                CriLogReader.Options.all())).isEqualTo("one\nhalf");
        assertThat(read("2024-05-01T10:00:01Z stdout F one\n2024-05-01T10:00:02Z stdout F no newline yet",
                CriLogReader.Options.all())).isEqualTo("one\nno newline yet\n");
    }

    @Test
    void followReadsNewLinesUntilTheContainerStopsAndTheFileIsDrained() throws Exception {
        Path file = log("2024-05-01T10:00:01Z stdout F one\n2024-05-01T10:00:02Z stdout F two\n");
        AtomicBoolean running = new AtomicBoolean(true);
        FutureTask<Void> follower = follow(file, following(1), running::get);
        awaitText(out, "two\n");
        append(file, "2024-05-01T10:00:03Z stdout P thr");
        Thread.sleep(50);
        assertThat(out.text()).isEqualTo("two\n");
        append(file, "\n2024-05-01T10:00:03Z stdout F ee\n");
        awaitText(out, "two\nthree\n");
        // Written just before the container stopped: still shown, then the stream ends.
        append(file, "2024-05-01T10:00:04Z stdout F last\n");
        running.set(false);
        follower.get(5, TimeUnit.SECONDS);
        assertThat(out.text()).isEqualTo("two\nthree\nlast\n");
    }

    @Test
    void followEndsWhenTheReaderLeaves() throws Exception {
        Path file = log("2024-05-01T10:00:01Z stdout F one\n");
        FutureTask<Void> follower = follow(file, following(-1), () -> true);
        awaitText(out, "one\n");
        out.open = false;
        follower.get(5, TimeUnit.SECONDS);
    }

    @Test
    void followContinuesInTheNewFileAfterARotation() throws Exception {
        Path file = log("2024-05-01T10:00:01Z stdout F one\n");
        AtomicBoolean running = new AtomicBoolean(true);
        FutureTask<Void> follower = follow(file, following(-1), running::get);
        awaitText(out, "one\n");
        // The runtime renames the file away and starts a new one at the same path.
        append(file, "2024-05-01T10:00:02Z stdout F two\n");
        Files.move(file, dir.resolve("0.log.20240501-100002"));
        Files.writeString(file, "2024-05-01T10:00:03Z stdout F three\n");
        awaitText(out, "one\ntwo\nthree\n");
        running.set(false);
        follower.get(5, TimeUnit.SECONDS);
        assertThat(out.text()).isEqualTo("one\ntwo\nthree\n");
    }

    /** Follows on a thread of its own; the test ends it by stopping the container or leaving. */
    private FutureTask<Void> follow(Path file, CriLogReader.Options options, BooleanSupplier running) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try (CriLogReader r = CriLogReader.open(file, options, Duration.ofMillis(10))) {
                r.copy(out, running);
            }
            return null;
        });
        Thread.ofVirtual().start(task);
        return task;
    }

    private static CriLogReader.Options following(long tail) {
        return new CriLogReader.Options(true, tail, null, false, Long.MAX_VALUE);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private static void awaitText(Buffer out, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!out.text().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(out.text()).isEqualTo(expected);
    }
}
