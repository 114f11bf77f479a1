package dev.tugboat.api.meta;

/** An API group and version, e.g. {@code apps/v1}; the core group is the empty string. */
public record GroupVersion(String group, String version) {

    public GroupVersion {
        if (group == null || version == null || version.isEmpty()) {
            throw new IllegalArgumentException("group and version are required");
        }
    }

    /** Parses {@code v1} (core) or {@code apps/v1}. */
    public static GroupVersion parse(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return new GroupVersion("", apiVersion);
        }
        return new GroupVersion(apiVersion.substring(0, slash), apiVersion.substring(slash + 1));
    }

    /** The {@code apiVersion} string: {@code v1} for core, {@code group/version} otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean isCore() {
        return group.isEmpty();
    }

    @Override
    public String toString() {
        return apiVersion();
    }
}
