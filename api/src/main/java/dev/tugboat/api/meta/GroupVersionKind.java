package dev.tugboat.api.meta;

/** The type of an object on the wire: group, version and kind. */
public record GroupVersionKind(String group, String version, String kind) {

    public static GroupVersionKind of(String apiVersion, String kind) {
        GroupVersion gv = GroupVersion.parse(apiVersion);
        return new GroupVersionKind(gv.group(), gv.version(), kind);
    }

    public GroupVersion groupVersion() {
        return new GroupVersion(group, version);
    }

    public String apiVersion() {
        return groupVersion().apiVersion();
    }

    /** {@code Pod} for the core group, {@code Deployment.apps} otherwise (as in 422 messages). */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    @Override
    public String toString() {
        return apiVersion() + ", Kind=" + kind;
    }
}
