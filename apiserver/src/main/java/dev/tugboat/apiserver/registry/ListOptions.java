package dev.tugboat.apiserver.registry;

/**
 * The list/watch query parameters that the registry interprets (selectors are applied as a filter
 * built by the caller).
 *
 * @param limit                0 for no limit
 * @param continueToken        empty for the first page
 * @param resourceVersion      "" (consistent), "0" (any) or a revision
 * @param resourceVersionMatch "", "NotOlderThan" or "Exact"
 */
public record ListOptions(int limit, String continueToken, String resourceVersion, String resourceVersionMatch) {

    public static final ListOptions ALL = new ListOptions(0, "", "", "");
}
