package dev.tugboat.apiserver.wiring;

import dev.tugboat.api.openapi.OpenApiV3;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.api.schema.OpenApiDefinitions;
import dev.tugboat.apiserver.endpoints.ApiHandler;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves {@code /openapi/v3} and its per group-version documents, rebuilt lazily after the set of
 * resources changes. {@code /openapi/v2} is not served: kubectl 1.29+ uses v3, and a 404 on v2 is
 * what it tolerates (kubectl 1.27/1.28 need {@code --validate=false}).
 */
public final class OpenApiDocuments implements ApiHandler.OpenApiEndpoint {

    private final Supplier<OpenApiDefinitions> definitions;
    private volatile List<ApiResource> resources = List.of();
    private volatile OpenApiV3 built;

    public OpenApiDocuments(Supplier<OpenApiDefinitions> definitions) {
        this.definitions = definitions;
    }

    /** The served resources changed: documents are rebuilt on next use. */
    public void resourcesChanged(List<ApiResource> now) {
        resources = List.copyOf(now);
        built = null;
    }

    private OpenApiV3 docs() {
        OpenApiV3 b = built;
        if (b == null) {
            synchronized (this) {
                b = built;
                if (b == null) {
                    b = OpenApiV3.build(resources, definitions.get());
                    built = b;
                }
            }
        }
        return b;
    }

    @Override
    public boolean serve(HttpRequest req, HttpExchange ex) {
        String path = req.path();
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return false;
        }
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            ex.respond(200, "application/json", docs().index());
            return true;
        }
        if (path.startsWith("/openapi/v3/")) {
            String gv = path.substring("/openapi/v3/".length());
            OpenApiV3 d = docs();
            Optional<byte[]> doc = d.document(gv);
            if (doc.isEmpty()) {
                return false;
            }
            DefaultHttpHeaders h = new DefaultHttpHeaders();
            d.hash(gv).ifPresent(hash -> h.set("ETag", "\"" + hash + "\""));
            ex.respond(200, "application/json", doc.get(), h);
            return true;
        }
        return false;
    }
}
