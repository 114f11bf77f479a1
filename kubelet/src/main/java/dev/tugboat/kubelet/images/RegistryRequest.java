package dev.tugboat.kubelet.images;

/**
 * The read side of the OCI distribution API, as routes: what a request path asks for. Parsing is
 * separate from serving so that every malformed path has one clear answer.
 */
sealed interface RegistryRequest {

    /** {@code /v2/}: the API version check every client makes first. */
    record ApiVersion() implements RegistryRequest {
    }

    /** {@code /v2/<name>/manifests/<tag or digest>}. */
    record ManifestRequest(String repository, String reference) implements RegistryRequest {
    }

    /** {@code /v2/<name>/blobs/<digest>}. */
    record BlobRequest(String repository, String digest) implements RegistryRequest {
    }

    /** {@code /v2/<name>/tags/list}. */
    record TagsRequest(String repository) implements RegistryRequest {
    }

    /** A path that is not a read endpoint of the API. */
    record NotAnEndpoint(String path) implements RegistryRequest {
    }

    /**
     * A repository name, tag or digest that the spec does not allow: the answer is a 400 with
     * {@code code} (NAME_INVALID, DIGEST_INVALID or MANIFEST_INVALID for a bad reference).
     */
    record Invalid(String code, String message) implements RegistryRequest {
    }

    /** Routes a request path (already percent-decoded, without the query). */
    static RegistryRequest parse(String path) {
        if (path.equals("/v2/") || path.equals("/v2")) {
            return new ApiVersion();
        }
        if (!path.startsWith("/v2/")) {
            return new NotAnEndpoint(path);
        }
        String rest = path.substring("/v2/".length());
        if (rest.endsWith("/tags/list")) {
            String name = rest.substring(0, rest.length() - "/tags/list".length());
            return validName(name) ? new TagsRequest(name) : invalidName(name);
        }
        int manifests = rest.lastIndexOf("/manifests/");
        int blobs = rest.lastIndexOf("/blobs/");
        if (manifests > 0 && manifests > blobs) {
            String name = rest.substring(0, manifests);
            String reference = rest.substring(manifests + "/manifests/".length());
            if (!validName(name)) {
                return invalidName(name);
            }
            if (!MirroredName.TAG.matcher(reference).matches() && !MirroredImages.DIGEST.matcher(reference).matches()) {
                return new Invalid("MANIFEST_INVALID", "'" + reference
                        + "' is neither a tag nor a sha256 digest");
            }
            return new ManifestRequest(name, reference);
        }
        if (blobs > 0) {
            String name = rest.substring(0, blobs);
            String digest = rest.substring(blobs + "/blobs/".length());
            if (!validName(name)) {
                return invalidName(name);
            }
            if (digest.equals("uploads") || digest.startsWith("uploads/")) {
                return new NotAnEndpoint(path);
            }
            if (!MirroredImages.DIGEST.matcher(digest).matches()) {
                return new Invalid("DIGEST_INVALID", "'" + digest + "' is not a sha256 digest");
            }
            return new BlobRequest(name, digest);
        }
        return new NotAnEndpoint(path);
    }

    private static boolean validName(String name) {
        return MirroredName.REPOSITORY.matcher(name).matches();
    }

    private static Invalid invalidName(String name) {
        return new Invalid("NAME_INVALID", "'" + name + "' is not a valid repository name");
    }
}
