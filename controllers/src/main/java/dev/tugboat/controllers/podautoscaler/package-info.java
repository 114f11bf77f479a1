/**
 * The HorizontalPodAutoscaler controller (upstream's pkg/controller/podautoscaler): every sync period it
 * reads each autoscaler's target through the {@code scale} subresource, works out the replica count its
 * metrics call for from the pods' resource usage (the resource metrics API, {@code metrics.k8s.io}),
 * tempers it with the autoscaler's behavior (stabilization windows and rate policies) or the default
 * limits, writes the new scale, and reports what it saw in the autoscaler's status and conditions.
 */
package dev.tugboat.controllers.podautoscaler;
