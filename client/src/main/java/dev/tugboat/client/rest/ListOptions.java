package dev.tugboat.client.rest;

/**
 * Query options of a list (and of a delete-collection's selection). Empty strings and zero mean "not set".
 *
 * @param labelSelector        e.g. {@code app=web,tier!=db}
 * @param fieldSelector        e.g. {@code metadata.name=x}
 * @param limit                page size; 0 for everything at once
 * @param continueToken        the {@code continue} of the previous page
 * @param resourceVersion      "" for a consistent read, "0" for any cached state, or a revision
 * @param resourceVersionMatch {@code NotOlderThan} or {@code Exact}, with a resourceVersion
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch) {

    public static final ListOptions ALL = new ListOptions("", "", 0, "", "", "");

    public ListOptions withLabelSelector(String s) {
        return new ListOptions(s, fieldSelector, limit, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withFieldSelector(String s) {
        return new ListOptions(labelSelector, s, limit, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withLimit(long l) {
        return new ListOptions(labelSelector, fieldSelector, l, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withContinue(String token) {
        return new ListOptions(labelSelector, fieldSelector, limit, token, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withResourceVersion(String rv) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, rv, resourceVersionMatch);
    }

    public ListOptions withResourceVersionMatch(String m) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, m);
    }

    void addTo(QueryString q) {
        q.add("labelSelector", labelSelector);
        q.add("fieldSelector", fieldSelector);
        if (limit > 0) {
            q.add("limit", Long.toString(limit));
        }
        q.add("continue", continueToken);
        q.add("resourceVersion", resourceVersion);
        q.add("resourceVersionMatch", resourceVersionMatch);
    }
}
