package dev.tugboat.apiserver.endpoints;

import dev.tugboat.api.errors.ApiException;
import java.util.List;

/**
 * What a response is rendered as, negotiated from the Accept header as upstream does: plain JSON or
 * YAML objects, Tables ({@code as=Table;g=meta.k8s.io}), or metadata only
 * ({@code as=PartialObjectMetadata[List]}). Protobuf responses are never produced: clients that accept
 * it also accept JSON, as kubectl does.
 */
public sealed interface OutputFormat {

    /** The response content type. */
    String contentType();

    record JsonObject() implements OutputFormat {
        @Override
        public String contentType() {
            return "application/json";
        }
    }

    record YamlObject() implements OutputFormat {
        @Override
        public String contentType() {
            return "application/yaml";
        }
    }

    /** A Table in {@code meta.k8s.io/<version>}. */
    record Table(String version) implements OutputFormat {
        @Override
        public String contentType() {
            return "application/json;as=Table;v=" + version + ";g=meta.k8s.io";
        }
    }

    /** PartialObjectMetadata (single objects) or PartialObjectMetadataList (lists). */
    record PartialMetadata(String version) implements OutputFormat {
        @Override
        public String contentType() {
            return "application/json;as=PartialObjectMetadata;v=" + version + ";g=meta.k8s.io";
        }
    }

    String SUPPORTED = "only the following media types are accepted: application/json, application/yaml, "
            + "application/vnd.kubernetes.protobuf";

    /** Chooses the response format for a resource request. */
    static OutputFormat negotiate(String accept, boolean list) {
        List<MediaRange> ranges = MediaRange.parseAccept(accept);
        if (ranges.isEmpty()) {
            return new JsonObject();
        }
        for (MediaRange r : ranges) {
            String as = r.param("as");
            if (!as.isEmpty()) {
                if (!r.matches("application/json") || !r.param("g").equals("meta.k8s.io")) {
                    continue;
                }
                String v = r.param("v");
                if (!v.equals("v1") && !v.equals("v1beta1")) {
                    continue;
                }
                if (as.equals("Table")) {
                    return new Table(v);
                }
                if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
                    if (as.endsWith("List") == list) {
                        return new PartialMetadata(v);
                    }
                }
                continue;
            }
            if (r.mediaType().equals("application/json") || r.mediaType().equals("application/*")
                    || r.mediaType().equals("*/*")) {
                return new JsonObject();
            }
            if (r.mediaType().equals("application/yaml")) {
                return new YamlObject();
            }
            if (r.mediaType().equals("application/json-seq") || r.mediaType().equals("application/jsonl")) {
                return new JsonObject();
            }
        }
        throw new ApiException.NotAcceptable(SUPPORTED);
    }
}
