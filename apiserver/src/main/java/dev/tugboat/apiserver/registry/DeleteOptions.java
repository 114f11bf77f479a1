package dev.tugboat.apiserver.registry;

import java.util.OptionalLong;

/**
 * {@code meta.k8s.io/v1 DeleteOptions} as the registry uses them.
 *
 * @param propagationPolicy "Orphan", "Background", "Foreground" or null (the resource's default)
 */
public record DeleteOptions(OptionalLong gracePeriodSeconds, String preconditionUid,
                            String preconditionResourceVersion, String propagationPolicy, boolean dryRun) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(OptionalLong.empty(), null, null, null, false);
}
