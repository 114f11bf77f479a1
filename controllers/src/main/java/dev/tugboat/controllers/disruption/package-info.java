/**
 * The disruption controller (upstream's pkg/controller/disruption): the status of every
 * PodDisruptionBudget — how many of its pods are healthy, how many must be, how many may be disrupted —
 * which the API server's eviction subresource then enforces.
 */
package dev.tugboat.controllers.disruption;
