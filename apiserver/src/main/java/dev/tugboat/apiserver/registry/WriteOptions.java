package dev.tugboat.apiserver.registry;

import dev.tugboat.apiserver.auth.UserInfo;

/**
 * Options shared by create, update and patch.
 *
 * @param fieldManager the manager recorded in managedFields
 * @param apiVersion   the apiVersion of the request (recorded in managedFields)
 * @param applied      whether managedFields were already computed by server-side apply (then the write
 *                     is not tracked again as an update)
 */
public record WriteOptions(boolean dryRun, String fieldManager, String apiVersion, UserInfo user, boolean applied) {

    public WriteOptions(boolean dryRun, String fieldManager, String apiVersion, UserInfo user) {
        this(dryRun, fieldManager, apiVersion, user, false);
    }

    public WriteOptions asApply() {
        return new WriteOptions(dryRun, fieldManager, apiVersion, user, true);
    }
}
