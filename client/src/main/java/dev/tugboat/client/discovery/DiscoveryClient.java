package dev.tugboat.client.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.rest.ApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads aggregated discovery ({@code apidiscovery.k8s.io/v2} from {@code /api} and {@code /apis}): every
 * group, its versions in preference order and their resources. Thread-safe; each call asks the server.
 */
public final class DiscoveryClient {

    /** What kubectl 1.30+ and client-go send for aggregated discovery. */
    public static final String ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final ApiClient api;

    public DiscoveryClient(ApiClient api) {
        this.api = api;
    }

    /** Both discovery documents, parsed. */
    public ApiResources discover() {
        List<ApiResource> all = new ArrayList<>();
        Map<String, String> preferred = new LinkedHashMap<>();
        for (String path : List.of("/api", "/apis")) {
            JsonNode doc = api.get(path, ACCEPT);
            if (!"APIGroupDiscoveryList".equals(doc.path("kind").asText())) {
                throw new IllegalStateException(path + " did not answer with an APIGroupDiscoveryList but "
                        + doc.path("kind").asText("(no kind)"));
            }
            parse(doc, all, preferred);
        }
        return new ApiResources(all, preferred);
    }

    /** Adds the resources of one APIGroupDiscoveryList; the first version listed is the preferred one. */
    static void parse(JsonNode doc, List<ApiResource> into, Map<String, String> preferred) {
        for (JsonNode group : doc.path("items")) {
            String g = group.path("metadata").path("name").asText("");
            for (JsonNode version : group.path("versions")) {
                String v = version.path("version").asText();
                preferred.putIfAbsent(g, v);
                for (JsonNode r : version.path("resources")) {
                    into.add(resource(g, v, r));
                }
            }
        }
    }

    private static ApiResource resource(String group, String version, JsonNode r) {
        List<ApiResource.Subresource> subs = new ArrayList<>();
        for (JsonNode s : r.path("subresources")) {
            JsonNode k = s.path("responseKind");
            subs.add(new ApiResource.Subresource(s.path("subresource").asText(), new GroupVersionKind(
                    k.path("group").asText(""), k.path("version").asText(""), k.path("kind").asText("")),
                    strings(s.path("verbs"))));
        }
        String kind = r.path("responseKind").path("kind").asText("");
        return new ApiResource(new GroupVersionKind(group, version, kind), r.path("resource").asText(),
                r.path("singularResource").asText(""), "Namespaced".equals(r.path("scope").asText()),
                strings(r.path("shortNames")), strings(r.path("categories")), strings(r.path("verbs")), subs);
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
