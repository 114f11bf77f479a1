package dev.tugboat.apiserver.registry;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.resource.ApiResource;
import java.util.ArrayList;
import java.util.List;

/**
 * A fluent description of one built-in resource, turned into an {@link ApiResource}. Only used to
 * keep the built-in catalog readable.
 */
final class ResourceSpec {

    private final GroupVersionKind kind;
    private final String plural;
    private boolean namespaced = true;
    private List<String> shortNames = List.of();
    private List<String> categories = List.of();
    private List<String> verbs = ApiResource.ALL_VERBS;
    private final List<ApiResource.Subresource> subresources = new ArrayList<>();

    private ResourceSpec(GroupVersionKind kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    static ResourceSpec of(String apiVersion, String kind, String plural) {
        return new ResourceSpec(GroupVersionKind.of(apiVersion, kind), plural);
    }

    ResourceSpec clusterScoped() {
        namespaced = false;
        return this;
    }

    ResourceSpec shortNames(String... names) {
        shortNames = List.of(names);
        return this;
    }

    ResourceSpec categories(String... names) {
        categories = List.of(names);
        return this;
    }

    ResourceSpec verbs(String... names) {
        verbs = List.of(names);
        return this;
    }

    /** A {@code status} subresource answering with the resource's own kind. */
    ResourceSpec status() {
        subresources.add(new ApiResource.Subresource("status", kind, List.of("get", "patch", "update")));
        return this;
    }

    /** A {@code scale} subresource answering with {@code autoscaling/v1 Scale}. */
    ResourceSpec scale() {
        subresources.add(new ApiResource.Subresource("scale", new GroupVersionKind("autoscaling", "v1", "Scale"),
                List.of("get", "patch", "update")));
        return this;
    }

    ResourceSpec subresource(String name, GroupVersionKind responseKind, String... verbs) {
        subresources.add(new ApiResource.Subresource(name, responseKind, List.of(verbs)));
        return this;
    }

    ApiResource build() {
        String singular = kind.kind().toLowerCase(java.util.Locale.ROOT);
        return new ApiResource(kind, plural, singular, namespaced, shortNames, categories, verbs, subresources);
    }
}
