package dev.tugboat.client.discovery;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.resource.ApiResource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What discovery found: every resource at every served version, and each group's preferred version.
 * Also the client's REST mapper (kind to resource). Immutable; equal when the same resources are served.
 */
public final class ApiResources {

    private final List<ApiResource> all;
    private final Map<String, String> preferred;
    private final Map<GroupVersionKind, ApiResource> byKind = new HashMap<>();
    private final Map<GroupVersionResource, ApiResource> byResource = new HashMap<>();

    /**
     * @param all       every resource of every version, in discovery order
     * @param preferred group → preferred version ("" is the core group)
     */
    public ApiResources(List<ApiResource> all, Map<String, String> preferred) {
        this.all = List.copyOf(all);
        this.preferred = Map.copyOf(preferred);
        for (ApiResource r : this.all) {
            // Several resources could serve one kind; the first listed is the canonical one.
            byKind.putIfAbsent(r.kind(), r);
            byResource.putIfAbsent(r.gvr(), r);
        }
    }

    public List<ApiResource> all() {
        return all;
    }

    /** Group → preferred version. */
    public Map<String, String> preferred() {
        return preferred;
    }

    /** The resources at their group's preferred version (client-go's ServerPreferredResources). */
    public List<ApiResource> preferredResources() {
        return all.stream().filter(r -> r.kind().version().equals(preferred.get(r.kind().group()))).toList();
    }

    /** Preferred-version resources that support every one of {@code verbs}. */
    public List<ApiResource> preferredWithVerbs(Collection<String> verbs) {
        return preferredResources().stream().filter(r -> r.verbs().containsAll(verbs)).toList();
    }

    /** The resource serving a kind at a version (the REST mapping an ownerReference needs). */
    public Optional<ApiResource> forKind(GroupVersionKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    public Optional<ApiResource> forResource(GroupVersionResource gvr) {
        return Optional.ofNullable(byResource.get(gvr));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiResources other && all.equals(other.all) && preferred.equals(other.preferred);
    }

    @Override
    public int hashCode() {
        return all.hashCode() * 31 + preferred.hashCode();
    }

    @Override
    public String toString() {
        return "ApiResources[" + all.size() + " resources in " + preferred.size() + " groups]";
    }
}
