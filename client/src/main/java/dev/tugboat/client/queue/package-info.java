/**
 * {@link dev.tugboat.client.queue.WorkQueue} (dirty and processing sets, delayed and rate-limited adds)
 * and the {@link dev.tugboat.client.queue.RateLimiter}s of client-go's workqueue.
 */
package dev.tugboat.client.queue;
