package dev.tugboat.controllers.nodelifecycle;

/**
 * How the taint eviction controller runs.
 *
 * @param workers pods processed concurrently (upstream runs 8 deletion workers)
 */
public record TaintEvictionConfig(int workers) {

    public static TaintEvictionConfig defaults() {
        return new TaintEvictionConfig(8);
    }
}
