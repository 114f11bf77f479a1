package dev.tugboat.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The kubelet's container restart backoff (client-go's flowcontrol.Backoff as the kubelet configures it):
 * the first restart happens at once; each later one waits the current backoff, which starts at 10 s and
 * doubles up to 5 min; an entry untouched for twice the maximum (10 min) is forgotten, so a container
 * that ran that long starts over at 10 s. Pure and immutable.
 */
public record RestartBackoff(Duration initial, Duration max) {

    public static final RestartBackoff KUBELET = new RestartBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5));

    /** A container's backoff state: the current backoff and the exit it was last advanced at. */
    public record Entry(Duration backoff, Instant lastUpdate) {
    }

    /**
     * When a container that exited at {@code finishedAt} may start again.
     *
     * @param entry the container's entry, if any
     */
    public Instant restartAt(Optional<Entry> entry, Instant finishedAt) {
        if (entry.isEmpty() || expired(entry.get(), finishedAt)) {
            return finishedAt;
        }
        return finishedAt.plus(entry.get().backoff());
    }

    /** The entry after a restart for the exit at {@code finishedAt} (upstream's {@code Next}). */
    public Entry next(Optional<Entry> entry, Instant finishedAt) {
        if (entry.isEmpty() || expired(entry.get(), finishedAt)) {
            return new Entry(initial, finishedAt);
        }
        Duration doubled = entry.get().backoff().multipliedBy(2);
        return new Entry(doubled.compareTo(max) > 0 ? max : doubled, finishedAt);
    }

    private boolean expired(Entry e, Instant eventTime) {
        return Duration.between(e.lastUpdate(), eventTime).compareTo(max.multipliedBy(2)) > 0;
    }
}
