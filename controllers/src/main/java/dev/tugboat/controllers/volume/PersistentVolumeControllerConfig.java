package dev.tugboat.controllers.volume;

import java.time.Duration;

/**
 * How the PersistentVolume controller runs.
 *
 * @param workers      claims, and separately volumes, processed concurrently
 * @param resyncPeriod how often every claim and volume is looked at again (upstream's
 *                     {@code --pvclaimbinder-sync-period}, 15 s)
 */
public record PersistentVolumeControllerConfig(int workers, Duration resyncPeriod) {

    public static PersistentVolumeControllerConfig defaults() {
        return new PersistentVolumeControllerConfig(2, Duration.ofSeconds(15));
    }

    public PersistentVolumeControllerConfig withResyncPeriod(Duration d) {
        return new PersistentVolumeControllerConfig(workers, d);
    }
}
