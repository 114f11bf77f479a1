package dev.tugboat.client.rest;

/** The kinds of PATCH the API server accepts, by content type. */
public enum PatchType {
    /** RFC 6902 operations. */
    JSON("application/json-patch+json"),
    /** RFC 7386: objects merge, lists are replaced, null deletes. */
    MERGE("application/merge-patch+json"),
    /** Kubernetes' strategic merge patch (built-in kinds only; custom resources answer 415). */
    STRATEGIC("application/strategic-merge-patch+json"),
    /** Server-side apply (needs a field manager). */
    APPLY("application/apply-patch+yaml");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
