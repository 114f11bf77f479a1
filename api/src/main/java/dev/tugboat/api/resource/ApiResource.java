package dev.tugboat.api.resource;

import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.GroupVersion;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import java.util.List;

/**
 * What discovery, OpenAPI and routing know about one resource at one version.
 *
 * @param kind         the object kind served, e.g. {@code apps/v1 Deployment}
 * @param plural       the URL name, e.g. {@code deployments}
 * @param singular     e.g. {@code deployment}
 * @param namespaced   namespace-scoped (true) or cluster-scoped
 * @param shortNames   e.g. {@code [deploy]}
 * @param categories   e.g. {@code [all]}
 * @param verbs        e.g. {@code [create, delete, deletecollection, get, list, patch, update, watch]}
 * @param subresources e.g. status and scale
 */
public record ApiResource(GroupVersionKind kind, String plural, String singular, boolean namespaced,
                          List<String> shortNames, List<String> categories, List<String> verbs,
                          List<Subresource> subresources) {

    public ApiResource {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        verbs = List.copyOf(verbs);
        subresources = List.copyOf(subresources);
    }

    /** The verbs of a normal read/write resource. */
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /**
     * A subresource such as {@code status}, {@code scale} or {@code binding}.
     *
     * @param responseKind the kind it accepts and returns, e.g. {@code autoscaling/v1 Scale}
     */
    public record Subresource(String name, GroupVersionKind responseKind, List<String> verbs) {
        public Subresource {
            verbs = List.copyOf(verbs);
        }
    }

    public GroupVersion groupVersion() {
        return kind.groupVersion();
    }

    public GroupVersionResource gvr() {
        return new GroupVersionResource(kind.group(), kind.version(), plural);
    }

    public GroupResource groupResource() {
        return new GroupResource(kind.group(), plural);
    }

    public String listKind() {
        return kind.kind() + "List";
    }

    public boolean hasSubresource(String name) {
        return subresources.stream().anyMatch(s -> s.name().equals(name));
    }
}
