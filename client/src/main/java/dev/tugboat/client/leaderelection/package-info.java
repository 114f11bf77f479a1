/**
 * Leader election on {@code coordination.k8s.io/v1} Leases with client-go's algorithm and defaults:
 * {@link dev.tugboat.client.leaderelection.LeaderElector}.
 */
package dev.tugboat.client.leaderelection;
