package dev.tugboat.controllers.deployment;

/**
 * How the Deployment controller runs.
 *
 * @param workers Deployments reconciled concurrently (upstream's --concurrent-deployment-syncs, 5)
 */
public record DeploymentControllerConfig(int workers) {

    public DeploymentControllerConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
    }

    public static DeploymentControllerConfig defaults() {
        return new DeploymentControllerConfig(5);
    }
}
