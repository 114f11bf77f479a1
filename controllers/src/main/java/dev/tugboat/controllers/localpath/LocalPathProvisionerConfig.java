package dev.tugboat.controllers.localpath;

import java.time.Duration;

/**
 * How the local-path provisioner runs.
 *
 * @param provisionerName  the name StorageClasses use to pick this provisioner
 * @param storageClassName the default class ensured at start
 * @param basePath         the directory on each node under which volumes live
 * @param workers          claims, and separately volumes, processed concurrently
 * @param resyncPeriod     how often every claim and volume is looked at again
 */
public record LocalPathProvisionerConfig(String provisionerName, String storageClassName, String basePath,
                                         int workers, Duration resyncPeriod) {

    public static final String DEFAULT_PROVISIONER = "tugboat.dev/local-path";

    public static LocalPathProvisionerConfig defaults() {
        return new LocalPathProvisionerConfig(DEFAULT_PROVISIONER, "local-path", "/var/lib/tugboat/storage", 2,
                Duration.ofMinutes(1));
    }

    public LocalPathProvisionerConfig withResyncPeriod(Duration d) {
        return new LocalPathProvisionerConfig(provisionerName, storageClassName, basePath, workers, d);
    }

    public LocalPathProvisionerConfig withBasePath(String path) {
        return new LocalPathProvisionerConfig(provisionerName, storageClassName, path, workers, resyncPeriod);
    }
}
