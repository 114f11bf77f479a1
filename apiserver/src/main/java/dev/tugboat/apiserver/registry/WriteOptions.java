package dev.tugboat.apiserver.registry;

import dev.tugboat.apiserver.auth.UserInfo;

/**
 * Options shared by create, update and patch.
 *
 * @param fieldManager the manager recorded in managedFields
 * @param apiVersion   the apiVersion of the request (recorded in managedFields)
 */
public record WriteOptions(boolean dryRun, String fieldManager, String apiVersion, UserInfo user) {
}
