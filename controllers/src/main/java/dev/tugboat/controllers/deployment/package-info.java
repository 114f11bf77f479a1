/**
 * The Deployment controller (upstream's pkg/controller/deployment): one ReplicaSet per pod template,
 * named and selected by the template's hash; rolling updates bounded by maxSurge and maxUnavailable,
 * Recreate, proportional scaling in mid-rollout, pause, rollback by template, revisions and their history
 * limit, and the status and conditions that {@code kubectl rollout status} reads. The arithmetic is pure
 * ({@link dev.tugboat.controllers.deployment.RolloutMath}, {@link dev.tugboat.controllers.deployment.DeploymentProgress},
 * {@link dev.tugboat.controllers.deployment.PodTemplateHash}, {@link dev.tugboat.controllers.deployment.Revisions});
 * {@link dev.tugboat.controllers.deployment.DeploymentSync} applies it through the API.
 */
package dev.tugboat.controllers.deployment;
