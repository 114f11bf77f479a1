/** The scheduling queue: active, backoff and unschedulable pods, and nominations. */
package dev.tugboat.scheduler.queue;
