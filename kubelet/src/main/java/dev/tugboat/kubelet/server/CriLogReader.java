package dev.tugboat.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a CRI log file into what {@code kubectl logs} shows: partial entries joined into lines, then
 * {@code tailLines}, {@code since}, {@code timestamps} and {@code limitBytes} applied. With
 * {@code follow} it keeps reading as the file grows (by polling), follows the runtime to a new file
 * when the log is rotated, and ends once the container has stopped and its log is read to the end.
 * Malformed lines are skipped, as upstream's kubelet does.
 */
final class CriLogReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CriLogReader.class);

    /** What to show. */
    record Options(boolean follow, long tailLines, Instant since, boolean timestamps, long limitBytes) {
        /** No tail ({@code tailLines} < 0), no limit ({@link Long#MAX_VALUE}), no since (null). */
        static Options all() {
            return new Options(false, -1, null, false, Long.MAX_VALUE);
        }
    }

    private final Options options;
    private final Duration pollInterval;
    private final LineSource source;

    private CriLogReader(Options options, Duration pollInterval, LineSource source) {
        this.options = options;
        this.pollInterval = pollInterval;
        this.source = source;
    }

    /**
     * Opens the log file.
     *
     * @param pollInterval how often a followed file is checked for growth
     */
    static CriLogReader open(Path file, Options options, Duration pollInterval) throws IOException {
        return new CriLogReader(options, pollInterval, new LineSource(file));
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /**
     * Copies the log to {@code sink}; call once.
     *
     * @param running whether the container still writes this log; asked only when following
     */
    void copy(LogSink sink, BooleanSupplier running) throws IOException, InterruptedException {
        LogWriter writer = new LogWriter(sink, options.timestamps(), options.since(), options.limitBytes());
        LineAssembler lines = new LineAssembler();
        Deque<LogLine> tail = options.tailLines() >= 0 ? new ArrayDeque<>() : null;
        // 1. What is there now; with a tail only its last lines.
        source.readAvailable(entry -> lines.accept(entry).map(line -> {
            if (tail == null) {
                return writer.write(line);
            }
            if (options.tailLines() > 0) {
                tail.addLast(line);
                if (tail.size() > options.tailLines()) {
                    tail.removeFirst();
                }
            }
            return true;
        }).orElse(true));
        if (tail != null) {
            for (LogLine line : tail) {
                if (!writer.write(line)) {
                    break;
                }
            }
        }
        if (!options.follow()) {
            source.readRest(entry -> lines.accept(entry).map(writer::write).orElse(true));
            lines.flush().ifPresent(writer::write);
            sink.flush();
            return;
        }
        // 2. Follow: poll for growth until the container stops, the reader leaves or the limit is hit.
        sink.flush();
        while (!writer.done() && sink.isOpen()) {
            boolean stopped = !running.getAsBoolean();
            // Read after asking, so nothing written before the container stopped is missed.
            long read = source.readAvailable(entry -> lines.accept(entry).map(writer::write).orElse(true));
            if (stopped) {
                source.readRest(entry -> lines.accept(entry).map(writer::write).orElse(true));
                lines.flush().ifPresent(writer::write);
                break;
            }
            if (read > 0) {
                if (!sink.flush()) {
                    break;
                }
            } else if (!source.reopenIfRotated()) {
                Thread.sleep(pollInterval);
            }
        }
        sink.flush();
    }

    /** Consumes parsed entries. */
    private interface EntryConsumer {
        /** @return false when no more entries are wanted */
        boolean accept(CriLogEntry entry);
    }

    /** The log file read line by line from where the last read stopped; reopened after a rotation. */
    private static final class LineSource {
        private final Path path;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private FileChannel channel;
        private Object fileKey;

        LineSource(Path path) throws IOException {
            this.path = path;
            open();
        }

        private void open() throws IOException {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        }

        /**
         * Reads to the current end of the file and hands over every complete line.
         *
         * @return the number of bytes read
         */
        long readAvailable(EntryConsumer out) throws IOException {
            long total = 0;
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    return total;
                }
                total += n;
                byte[] bytes = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        if (!emit(out)) {
                            return total;
                        }
                    } else {
                        line.write(bytes[i]);
                    }
                }
            }
        }

        /** Reads to the end and hands over the last line too, even without its terminator. */
        void readRest(EntryConsumer out) throws IOException {
            readAvailable(out);
            if (line.size() > 0) {
                emit(out);
            }
        }

        private boolean emit(EntryConsumer out) {
            CriLogEntry entry;
            try {
                entry = CriLogEntry.parse(line.toByteArray(), line.size());
            } catch (IllegalArgumentException e) {
                LOG.debug("skipping a line of {}: {}", path, e.getMessage());
                return true;
            } finally {
                line.reset();
            }
            return out.accept(entry);
        }

        /**
         * After the runtime rotated the log (the path now names another file, or the file was cut
         * short), continues at the start of the file now at the path.
         *
         * @return whether it switched
         */
        boolean reopenIfRotated() throws IOException {
            Optional<BasicFileAttributes> now = attributes();
            if (now.isEmpty()) {
                return false;
            }
            boolean replaced = !Objects.equals(now.get().fileKey(), fileKey);
            boolean truncated = now.get().size() < channel.position();
            if (!replaced && !truncated) {
                return false;
            }
            channel.close();
            line.reset();
            open();
            return true;
        }

        private Optional<BasicFileAttributes> attributes() throws IOException {
            try {
                return Optional.of(Files.readAttributes(path, BasicFileAttributes.class));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        void close() throws IOException {
            channel.close();
        }
    }
}
