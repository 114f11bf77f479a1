/**
 * The Job controller (upstream's pkg/controller/job) — pods to completion with finalizer-based tracking,
 * completions and parallelism, Indexed completion, pod-failure backoff, backoffLimit,
 * activeDeadlineSeconds and suspend — and the TTL-after-finished controller (upstream's
 * pkg/controller/ttlafterfinished) that deletes finished Jobs.
 */
package dev.tugboat.controllers.job;
