package dev.tugboat.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Joins partial CRI entries into the lines the container wrote. Lines of stdout and stderr are not
 * interleaved within one line: the runtime splits only long lines, and writes their pieces in order.
 */
final class LineAssembler {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private OffsetDateTime pendingTime;

    /** Takes the next entry; answers the line it completes, if it completes one. */
    Optional<LogLine> accept(CriLogEntry entry) {
        if (pendingTime == null) {
            pendingTime = entry.time();
        }
        pending.writeBytes(entry.content());
        if (entry.partial()) {
            return Optional.empty();
        }
        pending.write('\n');
        return Optional.of(take());
    }

    /** The unfinished line, if any, as it stands (for when the log has ended in the middle of one). */
    Optional<LogLine> flush() {
        return pendingTime == null ? Optional.empty() : Optional.of(take());
    }

    private LogLine take() {
        LogLine line = new LogLine(pendingTime, pending.toByteArray());
        pending.reset();
        pendingTime = null;
        return line;
    }
}
