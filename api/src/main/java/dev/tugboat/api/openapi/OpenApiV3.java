package dev.tugboat.api.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersion;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.api.schema.OpenApiDefinitions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The published OpenAPI v3: the index served at {@code /openapi/v3} and one document per
 * group-version, served at {@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}, ….
 *
 * <p>An immutable snapshot built eagerly from the served resources; build a new one when they
 * change (e.g. a CRD is added). The index links each document with {@code ?hash=} of its content,
 * so a client's URL-keyed cache sees every change. Safe to share between threads.
 */
public final class OpenApiV3 {

    private final Map<String, byte[]> documents;
    private final Map<String, String> hashes;
    private final byte[] index;

    private OpenApiV3(Map<String, byte[]> documents) {
        this.documents = Map.copyOf(documents);
        Map<String, String> h = new TreeMap<>();
        documents.forEach((path, bytes) -> h.put(path, sha512(bytes)));
        this.hashes = Map.copyOf(h);
        ObjectNode idx = Json.object();
        ObjectNode paths = idx.putObject("paths");
        new TreeMap<>(h).forEach((path, hash) -> paths.putObject(path)
                .put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash));
        this.index = Json.bytes(idx);
    }

    /**
     * Builds every group-version document.
     *
     * @param resources   the served resources (with their subresources)
     * @param definitions the component schemas (built-in and custom)
     */
    public static OpenApiV3 build(List<ApiResource> resources, OpenApiDefinitions definitions) {
        Map<GroupVersion, List<ApiResource>> byGv = resources.stream().collect(Collectors.groupingBy(
                ApiResource::groupVersion, () -> new TreeMap<>(Comparator.comparing(GroupVersion::apiVersion)),
                Collectors.toList()));
        Map<String, byte[]> docs = new LinkedHashMap<>();
        byGv.forEach((gv, rs) -> docs.put(path(gv), Json.bytes(GroupVersionDocument.build(gv, rs, definitions))));
        return new OpenApiV3(docs);
    }

    /** The document path of a group-version: {@code api/v1} or {@code apis/apps/v1}. */
    public static String path(GroupVersion gv) {
        return GroupVersionDocument.prefix(gv).substring(1);
    }

    /** {@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"},…}}} as JSON. */
    public byte[] index() {
        return index.clone();
    }

    /** The JSON document at {@code path} (e.g. {@code apis/apps/v1}), if served. */
    public Optional<byte[]> document(String path) {
        byte[] d = documents.get(path);
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }

    /** The content hash the index links for {@code path}: upper-case hex SHA-512. */
    public Optional<String> hash(String path) {
        return Optional.ofNullable(hashes.get(path));
    }

    /** The document paths, sorted. */
    public Set<String> paths() {
        return new TreeSet<>(documents.keySet());
    }

    private static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is always available", e);
        }
    }
}
