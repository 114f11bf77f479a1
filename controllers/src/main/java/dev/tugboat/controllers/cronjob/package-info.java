/**
 * The CronJob controller (upstream's pkg/controller/cronjob, cronjob_controllerv2): creates a Job for
 * the most recent missed schedule time, honours the concurrency policy, suspend and the starting
 * deadline, keeps {@code status.active} and the schedule times current, trims the history of finished
 * Jobs, and wakes up at the next schedule time. {@link dev.tugboat.controllers.cronjob.CronExpression} is
 * its own cron parser with the Go library's semantics.
 */
package dev.tugboat.controllers.cronjob;
