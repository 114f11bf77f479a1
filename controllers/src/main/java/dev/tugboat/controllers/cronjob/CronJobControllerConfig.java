package dev.tugboat.controllers.cronjob;

import java.time.ZoneId;

/**
 * How the CronJob controller runs.
 *
 * @param workers   CronJobs synced concurrently (upstream's --concurrent-cron-job-syncs, 5)
 * @param localZone the zone of schedules without {@code spec.timeZone} (upstream: the controller
 *                  manager's local zone, UTC in a usual deployment)
 */
public record CronJobControllerConfig(int workers, ZoneId localZone) {

    public static CronJobControllerConfig defaults() {
        return new CronJobControllerConfig(5, ZoneId.of("UTC"));
    }

    public CronJobControllerConfig withLocalZone(ZoneId zone) {
        return new CronJobControllerConfig(workers, zone);
    }
}
