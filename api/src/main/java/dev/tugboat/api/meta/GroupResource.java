package dev.tugboat.api.meta;

/** A resource within a group, without version: what error messages name ({@code deployments.apps}). */
public record GroupResource(String group, String resource) {

    /** {@code pods} for core, {@code deployments.apps} otherwise. */
    public String qualified() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
