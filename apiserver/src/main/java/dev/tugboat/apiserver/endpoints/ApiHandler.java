package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.apiserver.auth.Authorizer;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.discovery.Discovery;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpHandler;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline: authentication → authorization → routing to health, version, discovery,
 * OpenAPI or a resource handler (which runs admission → strategy → store). Every failure becomes a
 * {@code Status}; nothing else reaches the client.
 */
public final class ApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    /** Serves {@code /openapi/...} paths; returns false when the path is not an OpenAPI document. */
    public interface OpenApiEndpoint {
        boolean serve(HttpRequest req, HttpExchange ex);
    }

    /** The collaborators of the pipeline. */
    public record Deps(ResourceRegistry registry, Supplier<Discovery> discovery, ResourceHandler resources,
                       VirtualResources virtualResources, OpenApiEndpoint openApi, Authorizer authorizer,
                       ObjectNode version, BooleanSupplier ready, BooleanSupplier live, Supplier<String> address) {
    }

    private final Deps deps;

    public ApiHandler(Deps deps) {
        this.deps = deps;
    }

    @Override
    public void handle(HttpRequest req, HttpExchange ex) {
        try {
            route(req, ex);
        } catch (ApiException e) {
            respondError(ex, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respondError(ex, new ApiException.ServiceUnavailable("the server is shutting down"));
        } catch (RuntimeException e) {
            LOG.error("internal error serving {} {}", req.method(), req.path(), e);
            respondError(ex, new ApiException.Internal("an unexpected error occurred while serving this request"));
        } catch (Exception e) {
            LOG.error("internal error serving {} {}", req.method(), req.path(), e);
            respondError(ex, new ApiException.Internal("an unexpected error occurred while serving this request"));
        }
    }

    private static void respondError(HttpExchange ex, ApiException e) {
        if (!ex.responded()) {
            ex.respond(e.code(), "application/json", Json.bytes(e.status().toJson()));
        }
    }

    private void route(HttpRequest req, HttpExchange ex) throws Exception {
        // 1. Authentication: until TLS and credentials exist, every caller is the administrator.
        UserInfo user = UserInfo.ADMIN;
        RequestInfo info = RequestInfo.parse(req.method(), req.path(), req.param("watch"));
        // 2. Authorization.
        Authorizer.Decision d = deps.authorizer().authorize(new Authorizer.Attributes(user, info.verb(), info.group(),
                info.version(), info.resource(), info.subresource(), info.namespace(), info.name(),
                info.resourceRequest(), req.path()));
        if (!d.allowed()) {
            throw new ApiException.Forbidden(new dev.tugboat.api.meta.GroupResource(info.group(), info.resource()),
                    info.name(), "User \"" + user.name() + "\" cannot " + info.verb() + " resource");
        }
        // 3. Routing.
        String path = req.path();
        if (!info.resourceRequest()) {
            nonResource(req, ex, path);
            return;
        }
        Optional<ResourceRegistry.Served> served = deps.registry().find(info.group(), info.version(), info.resource());
        if (served.isEmpty()) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (served.get().isVirtual()) {
            deps.virtualResources().handle(req, ex, info, served.get().resource(), user);
            return;
        }
        deps.resources().handle(req, ex, info, served.get().store(), user);
    }

    private void nonResource(HttpRequest req, HttpExchange ex, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.startsWith("/openapi/")) {
            if (deps.openApi().serve(req, ex)) {
                return;
            }
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            throw new ApiException.MethodNotSupported(new dev.tugboat.api.meta.GroupResource("", p), req.method());
        }
        switch (p) {
            case "/version" -> ex.respond(200, "application/json", Json.bytes(deps.version()));
            case "/healthz", "/livez" -> health(req, ex, deps.live().getAsBoolean(), p.substring(1));
            case "/readyz" -> health(req, ex, deps.ready().getAsBoolean(), "readyz");
            case "/healthz/ping", "/livez/ping", "/readyz/ping" -> text(ex, 200, "ok");
            case "/api" -> discoveryRoot(req, ex, true);
            case "/apis" -> discoveryRoot(req, ex, false);
            case "/" -> ex.respond(200, "application/json", Json.bytes(rootPaths()));
            default -> discoveryPath(ex, p);
        }
    }

    private void health(HttpRequest req, HttpExchange ex, boolean ok, String name) {
        if (req.param("verbose") != null) {
            String body = "[" + (ok ? "+" : "-") + "]ping ok\n[" + (ok ? "+" : "-") + "]storage "
                    + (ok ? "ok" : "failed") + "\n" + name + " check " + (ok ? "passed" : "failed") + "\n";
            text(ex, ok ? 200 : 500, body);
        } else {
            text(ex, ok ? 200 : 500, ok ? "ok" : name + " check failed");
        }
    }

    private static void text(HttpExchange ex, int code, String body) {
        ex.respond(code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode rootPaths() {
        ObjectNode o = Json.object();
        var paths = o.putArray("paths");
        List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/openapi/v3", "/readyz",
                "/version").forEach(paths::add);
        return o;
    }

    private void discoveryRoot(HttpRequest req, HttpExchange ex, boolean core) {
        Discovery disco = deps.discovery().get();
        String aggregatedVersion = aggregatedDiscoveryVersion(req.header("Accept"));
        if (aggregatedVersion != null) {
            byte[] body = Json.bytes(disco.aggregated(core, aggregatedVersion));
            String etag = Discovery.etag(body);
            HttpHeaders h = new DefaultHttpHeaders();
            h.set("ETag", etag);
            h.set("Vary", "Accept");
            String ct = "application/json;g=apidiscovery.k8s.io;v=" + aggregatedVersion + ";as=APIGroupDiscoveryList";
            if (etag.equals(req.header("If-None-Match"))) {
                ex.respond(304, ct, new byte[0], h);
            } else {
                ex.respond(200, ct, body, h);
            }
            return;
        }
        ObjectNode legacy = core ? disco.apiVersions(deps.address().get()) : disco.groupList();
        ex.respond(200, "application/json", Json.bytes(legacy));
    }

    /** The aggregated discovery version the client asks for first, or null for the legacy documents. */
    static String aggregatedDiscoveryVersion(String accept) {
        for (MediaRange r : MediaRange.parseAccept(accept)) {
            if (r.param("as").equals("APIGroupDiscoveryList") && r.param("g").equals("apidiscovery.k8s.io")
                    && r.matches("application/json")) {
                String v = r.param("v");
                if (v.equals("v2") || v.equals("v2beta1")) {
                    return v;
                }
            }
            if (r.param("as").isEmpty() && (r.matches("application/json") || r.mediaType().equals("*/*"))) {
                return null;
            }
        }
        return null;
    }

    private void discoveryPath(HttpExchange ex, String p) {
        Discovery disco = deps.discovery().get();
        String[] segs = p.substring(1).split("/");
        ObjectNode doc = null;
        if (segs.length == 2 && segs[0].equals("api")) {
            doc = disco.resourceList("", segs[1]);
        } else if (segs.length == 2 && segs[0].equals("apis")) {
            doc = disco.group(segs[1]);
        } else if (segs.length == 3 && segs[0].equals("apis")) {
            doc = disco.resourceList(segs[1], segs[2]);
        }
        if (doc == null) {
            if (segs[0].equals("api") || segs[0].equals("apis")) {
                throw new ApiException.NotFound("the server could not find the requested resource");
            }
            ex.respond(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.respond(200, "application/json", Json.bytes(doc));
    }
}
