package dev.tugboat.client.controller;

/**
 * Brings the world in line with the desired state of one key, level-triggered: it reads the current
 * state (from informer caches, or the API when it must be fresh), acts through the API, and must be
 * idempotent, since it runs again after every change and after every failure. A {@link Controller}
 * never runs it concurrently for one key, but runs it concurrently for different keys, so it must be
 * thread-safe.
 *
 * @param <K> the key type, e.g. {@code ObjectKey}
 */
@FunctionalInterface
public interface Reconciler<K> {

    /**
     * @return what to do next on success
     * @throws Exception any failure; the key is retried with the queue's rate-limited backoff
     */
    Result reconcile(K key) throws Exception;
}
