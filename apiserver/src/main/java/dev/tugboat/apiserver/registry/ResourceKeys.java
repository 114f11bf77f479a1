package dev.tugboat.apiserver.registry;

/**
 * The storage key layout: {@code /registry/<group>/<resource>/[<namespace>/]<name>}, with
 * {@code core} for the core group.
 */
public final class ResourceKeys {

    private ResourceKeys() {
    }

    /** {@code /registry/<group>/<resource>/}. */
    public static String prefix(String group, String resource) {
        return "/registry/" + (group.isEmpty() ? "core" : group) + "/" + resource + "/";
    }

    /** The key prefix of a list: everything, or one namespace's objects. */
    public static String listPrefix(String resourcePrefix, String namespace) {
        return namespace.isEmpty() ? resourcePrefix : resourcePrefix + namespace + "/";
    }

    /** The key of one object. */
    public static String key(String resourcePrefix, String namespace, String name) {
        return namespace.isEmpty() ? resourcePrefix + name : resourcePrefix + namespace + "/" + name;
    }
}
