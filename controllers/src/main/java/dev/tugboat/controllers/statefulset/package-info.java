/**
 * The StatefulSet controller (upstream's pkg/controller/statefulset): pods with stable ordinal names,
 * hostnames and PersistentVolumeClaims, created in order (OrderedReady) or all at once (Parallel),
 * scaled down from the highest ordinal, and updated by RollingUpdate with a partition or OnDelete;
 * history in ControllerRevisions so that {@code kubectl rollout} works. Pure parts:
 * {@link dev.tugboat.controllers.statefulset.StatefulPods} (identity, ordinals, storage) and the update
 * algorithm {@link dev.tugboat.controllers.statefulset.StatefulSetControl}, which acts through the
 * {@link dev.tugboat.controllers.statefulset.StatefulPodControl} interface.
 */
package dev.tugboat.controllers.statefulset;
