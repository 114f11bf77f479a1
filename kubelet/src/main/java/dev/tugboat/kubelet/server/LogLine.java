package dev.tugboat.kubelet.server;

import java.time.OffsetDateTime;

/**
 * One line as the user sees it: the content of a full entry and the partial entries before it.
 *
 * @param time when its first piece was written
 * @param text the content, ending with {@code \n} unless the log ended in the middle of a line
 */
record LogLine(OffsetDateTime time, byte[] text) {
}
