/**
 * What the workload controllers share (upstream's pkg/controller/controller_utils.go and
 * controller_ref_manager.go): reading pod state, controller references, creating pods from templates,
 * adopting and releasing pods, expectations of the controller's own writes, the order in which surplus
 * pods are deleted, and slow-start batches of creates.
 */
package dev.tugboat.controllers.common;
