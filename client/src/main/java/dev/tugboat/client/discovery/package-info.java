/**
 * Aggregated discovery ({@link dev.tugboat.client.discovery.DiscoveryClient}), its result
 * ({@link dev.tugboat.client.discovery.ApiResources}, also the kind → resource mapper) and a cache that
 * refreshes on demand ({@link dev.tugboat.client.discovery.CachedDiscovery}).
 */
package dev.tugboat.client.discovery;
