package dev.tugboat.apiserver.auth;

/**
 * Decides whether a user may perform a request. The seam where RBAC will go; until then the server
 * runs with {@link #ALWAYS_ALLOW}, as upstream's {@code --authorization-mode=AlwaysAllow}.
 */
public interface Authorizer {

    /** The request being authorized. For non-resource requests only {@code verb} and {@code path} are set. */
    record Attributes(UserInfo user, String verb, String group, String version, String resource,
                      String subresource, String namespace, String name, boolean resourceRequest, String path) {
    }

    /** A decision with a reason (shown by {@code kubectl auth can-i}). */
    record Decision(boolean allowed, String reason) {
    }

    Decision authorize(Attributes attrs);

    Authorizer ALWAYS_ALLOW = attrs -> new Decision(true, "");
}
