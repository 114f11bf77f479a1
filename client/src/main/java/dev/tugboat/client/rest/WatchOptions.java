package dev.tugboat.client.rest;

/**
 * Query options of a watch. Empty strings and zero mean "not set".
 *
 * @param labelSelector       e.g. {@code app=web}
 * @param fieldSelector       e.g. {@code spec.nodeName=n1}
 * @param resourceVersion     start after this revision; "" or "0" start with the current state as ADDED events
 * @param timeoutSeconds      the server ends the watch cleanly after this long (0: the server's default)
 * @param allowBookmarks      ask for periodic BOOKMARK events carrying the current revision
 */
public record WatchOptions(String labelSelector, String fieldSelector, String resourceVersion, long timeoutSeconds,
                           boolean allowBookmarks) {

    public static final WatchOptions DEFAULT = new WatchOptions("", "", "", 0, false);

    public WatchOptions withLabelSelector(String s) {
        return new WatchOptions(s, fieldSelector, resourceVersion, timeoutSeconds, allowBookmarks);
    }

    public WatchOptions withFieldSelector(String s) {
        return new WatchOptions(labelSelector, s, resourceVersion, timeoutSeconds, allowBookmarks);
    }

    public WatchOptions withResourceVersion(String rv) {
        return new WatchOptions(labelSelector, fieldSelector, rv, timeoutSeconds, allowBookmarks);
    }

    public WatchOptions withTimeoutSeconds(long t) {
        return new WatchOptions(labelSelector, fieldSelector, resourceVersion, t, allowBookmarks);
    }

    public WatchOptions withBookmarks(boolean b) {
        return new WatchOptions(labelSelector, fieldSelector, resourceVersion, timeoutSeconds, b);
    }

    void addTo(QueryString q) {
        q.add("watch", "true");
        q.add("labelSelector", labelSelector);
        q.add("fieldSelector", fieldSelector);
        q.add("resourceVersion", resourceVersion);
        if (timeoutSeconds > 0) {
            q.add("timeoutSeconds", Long.toString(timeoutSeconds));
        }
        if (allowBookmarks) {
            q.add("allowWatchBookmarks", "true");
        }
    }
}
