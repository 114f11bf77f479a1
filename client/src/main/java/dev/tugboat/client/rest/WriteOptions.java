package dev.tugboat.client.rest;

/**
 * Query options of create, update and patch. Empty means "not set".
 *
 * @param fieldManager the manager recorded in managedFields (required for apply patches)
 * @param dryRun       validate and admit without persisting
 * @param force        for apply patches: take over fields owned by other managers
 */
public record WriteOptions(String fieldManager, boolean dryRun, boolean force) {

    public static final WriteOptions DEFAULT = new WriteOptions("", false, false);

    public static WriteOptions fieldManager(String manager) {
        return new WriteOptions(manager, false, false);
    }

    public WriteOptions withDryRun(boolean d) {
        return new WriteOptions(fieldManager, d, force);
    }

    public WriteOptions withForce(boolean f) {
        return new WriteOptions(fieldManager, dryRun, f);
    }

    void addTo(QueryString q) {
        q.add("fieldManager", fieldManager);
        if (dryRun) {
            q.add("dryRun", "All");
        }
        if (force) {
            q.add("force", "true");
        }
    }
}
