package dev.tugboat.api.meta;

/** A resource at a version: what a URL addresses ({@code /apis/apps/v1/deployments}). */
public record GroupVersionResource(String group, String version, String resource) {

    public GroupVersion groupVersion() {
        return new GroupVersion(group, version);
    }

    public GroupResource groupResource() {
        return new GroupResource(group, resource);
    }

    @Override
    public String toString() {
        return groupVersion().apiVersion() + ", Resource=" + resource;
    }
}
