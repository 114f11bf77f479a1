package dev.tugboat.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.registry.BuiltinResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The discovery documents of one set of resources: aggregated discovery
 * ({@code apidiscovery.k8s.io/v2} and {@code v2beta1}, what kubectl 1.30+ asks for first) and the legacy
 * {@code APIVersions}, {@code APIGroupList}, {@code APIGroup} and {@code APIResourceList}. Immutable;
 * rebuilt when the set of resources changes.
 */
public final class Discovery {

    private final ObjectNode coreV2;
    private final ObjectNode groupsV2;
    private final Map<String, List<String>> versionsByGroup;
    private final Map<String, List<ApiResource>> resourcesByGroupVersion;

    public Discovery(List<ApiResource> resources) {
        Map<String, Map<String, List<ApiResource>>> byGroup = new LinkedHashMap<>();
        for (String g : BuiltinResources.GROUP_ORDER) {
            byGroup.put(g, new TreeMap<>(new VersionPriority()));
        }
        List<String> extraGroups = new ArrayList<>();
        for (ApiResource r : resources) {
            String g = r.kind().group();
            if (!byGroup.containsKey(g)) {
                extraGroups.add(g);
                byGroup.put(g, new TreeMap<>(new VersionPriority()));
            }
            byGroup.get(g).computeIfAbsent(r.kind().version(), v -> new ArrayList<>()).add(r);
        }
        byGroup.values().removeIf(Map::isEmpty);
        this.versionsByGroup = new LinkedHashMap<>();
        this.resourcesByGroupVersion = new LinkedHashMap<>();
        // Groups from CRDs come after the built-ins, alphabetically.
        Map<String, Map<String, List<ApiResource>>> ordered = new LinkedHashMap<>();
        byGroup.forEach((g, v) -> {
            if (!extraGroups.contains(g)) {
                ordered.put(g, v);
            }
        });
        extraGroups.stream().distinct().sorted().forEach(g -> ordered.put(g, byGroup.get(g)));
        ordered.forEach((g, versions) -> {
            versionsByGroup.put(g, List.copyOf(versions.keySet()));
            versions.forEach((v, rs) -> resourcesByGroupVersion.put(gv(g, v), List.copyOf(rs)));
        });
        this.coreV2 = aggregated(List.of(""));
        this.groupsV2 = aggregated(versionsByGroup.keySet().stream().filter(g -> !g.isEmpty()).toList());
    }

    private static String gv(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    // ------------------------------------------------------------ aggregated

    /** {@code /api} (core) or {@code /apis} as an APIGroupDiscoveryList of the given version (v2 or v2beta1). */
    public ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode doc = (core ? coreV2 : groupsV2).deepCopy();
        doc.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        return doc;
    }

    private ObjectNode aggregated(List<String> groups) {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (String g : groups) {
            ObjectNode group = items.addObject();
            group.putObject("metadata").put("name", g);
            ArrayNode versions = group.putArray("versions");
            for (String v : versionsByGroup.getOrDefault(g, List.of())) {
                ObjectNode ver = versions.addObject();
                ver.put("version", v);
                ArrayNode rs = ver.putArray("resources");
                for (ApiResource r : sortedByName(resourcesByGroupVersion.get(gv(g, v)))) {
                    rs.add(aggregatedResource(r));
                }
                ver.put("freshness", "Current");
            }
        }
        return list;
    }

    private static ObjectNode aggregatedResource(ApiResource r) {
        ObjectNode o = Json.object();
        o.put("resource", r.plural());
        o.set("responseKind", kind(r.kind()));
        o.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
        o.put("singularResource", r.singular());
        strings(o.putArray("verbs"), r.verbs());
        if (!r.shortNames().isEmpty()) {
            strings(o.putArray("shortNames"), r.shortNames());
        }
        if (!r.categories().isEmpty()) {
            strings(o.putArray("categories"), r.categories());
        }
        if (!r.subresources().isEmpty()) {
            ArrayNode subs = o.putArray("subresources");
            for (ApiResource.Subresource s : r.subresources()) {
                ObjectNode so = subs.addObject();
                so.put("subresource", s.name());
                so.set("responseKind", kind(s.responseKind()));
                strings(so.putArray("verbs"), s.verbs());
            }
        }
        return o;
    }

    private static ObjectNode kind(GroupVersionKind k) {
        ObjectNode o = Json.object();
        o.put("group", k.group());
        o.put("version", k.version());
        o.put("kind", k.kind());
        return o;
    }

    // ------------------------------------------------------------ legacy

    /** {@code /api}: APIVersions. */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        strings(o.putArray("versions"), versionsByGroup.getOrDefault("", List.of("v1")));
        ArrayNode addrs = o.putArray("serverAddressByClientCIDRs");
        addrs.addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return o;
    }

    /** {@code /apis}: APIGroupList. */
    public ObjectNode groupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String g : versionsByGroup.keySet()) {
            if (!g.isEmpty()) {
                groups.add(groupDoc(g));
            }
        }
        return o;
    }

    /** {@code /apis/<group>}: APIGroup, or null if no such group. */
    public ObjectNode group(String group) {
        if (group.isEmpty() || !versionsByGroup.containsKey(group)) {
            return null;
        }
        ObjectNode o = groupDoc(group);
        o.put("kind", "APIGroup");
        o.put("apiVersion", "v1");
        return o;
    }

    private ObjectNode groupDoc(String group) {
        ObjectNode o = Json.object();
        o.put("name", group);
        ArrayNode versions = o.putArray("versions");
        List<String> vs = versionsByGroup.get(group);
        for (String v : vs) {
            versions.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        o.putObject("preferredVersion").put("groupVersion", group + "/" + vs.get(0)).put("version", vs.get(0));
        return o;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}: APIResourceList, or null if not served. */
    public ObjectNode resourceList(String group, String version) {
        List<ApiResource> rs = resourcesByGroupVersion.get(gv(group, version));
        if (rs == null) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", gv(group, version));
        ArrayNode out = o.putArray("resources");
        for (ApiResource r : sortedByName(rs)) {
            ObjectNode ro = out.addObject();
            ro.put("name", r.plural());
            ro.put("singularName", r.singular());
            ro.put("namespaced", r.namespaced());
            ro.put("kind", r.kind().kind());
            strings(ro.putArray("verbs"), r.verbs());
            if (!r.shortNames().isEmpty()) {
                strings(ro.putArray("shortNames"), r.shortNames());
            }
            if (!r.categories().isEmpty()) {
                strings(ro.putArray("categories"), r.categories());
            }
            for (ApiResource.Subresource s : r.subresources()) {
                ObjectNode so = out.addObject();
                so.put("name", r.plural() + "/" + s.name());
                so.put("singularName", "");
                so.put("namespaced", r.namespaced());
                if (!s.responseKind().group().equals(group) || !s.responseKind().version().equals(version)) {
                    so.put("group", s.responseKind().group());
                    so.put("version", s.responseKind().version());
                }
                so.put("kind", s.responseKind().kind());
                strings(so.putArray("verbs"), s.verbs());
            }
        }
        return o;
    }

    private static List<ApiResource> sortedByName(List<ApiResource> rs) {
        return rs.stream().sorted(Comparator.comparing(ApiResource::plural)).toList();
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }

    /** A strong ETag for a document (kubectl revalidates aggregated discovery with it). */
    public static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 16).toUpperCase(java.util.Locale.ROOT) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
