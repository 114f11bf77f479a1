package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.auth.Authorizer;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.metrics.MetricsApi;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.registry.WriteOptions;
import java.util.Optional;

/**
 * Resources that are not stored objects: access reviews (answered by the {@link Authorizer}), self
 * subject reviews (the caller's identity) and pod {@code bindings}, which are requests; and the resource
 * metrics of {@code metrics.k8s.io}, which are computed ({@link MetricsApi}).
 */
public final class VirtualResources {

    private final BodyDecoder decoder;
    private final Authorizer authorizer;
    private final ResourceRegistry registry;
    private final SubresourceHandler subresources;
    private final Optional<MetricsApi> metrics;

    /** @param metrics the resource metrics API, when this server serves one */
    public VirtualResources(BodyDecoder decoder, Authorizer authorizer, ResourceRegistry registry,
                            SubresourceHandler subresources, Optional<MetricsApi> metrics) {
        this.decoder = decoder;
        this.authorizer = authorizer;
        this.registry = registry;
        this.subresources = subresources;
        this.metrics = metrics;
    }

    public void handle(HttpRequest req, HttpExchange ex, RequestInfo info, ApiResource resource, UserInfo user) {
        if (metrics.isPresent() && resource.kind().group().equals(MetricsApi.GROUP)) {
            metrics.get().handle(req, ex, info, resource);
            return;
        }
        if (!info.verb().equals("create")) {
            throw new ApiException.MethodNotSupported(resource.groupResource(), info.verb());
        }
        GroupVersionKind kind = resource.kind();
        ObjectNode body = decoder.decodeObject(req.header("Content-Type"), req.body(), kind.kind());
        ResourceHandler.checkTypeMeta(body, kind);
        ObjectNode out = switch (kind.kind()) {
            case "SelfSubjectAccessReview" -> accessReview(body, user, "");
            case "LocalSubjectAccessReview" -> accessReview(body, userFrom(body), info.namespace());
            case "SubjectAccessReview" -> accessReview(body, userFrom(body), "");
            case "SelfSubjectRulesReview" -> rulesReview(body, user);
            case "SelfSubjectReview" -> selfReview(body, user);
            case "TokenReview" -> tokenReview(body);
            case "Binding" -> {
                GenericStore pods = registry.store("", "v1", "pods")
                        .orElseThrow(() -> new ApiException.NotFound("pods are not served"));
                subresources.bind(pods, info.namespace(), Meta.name(body), body,
                        new WriteOptions(RequestOptions.dryRun(req), RequestOptions.fieldManager(req), "v1", user));
                yield Status.success().toJson();
            }
            default -> throw new ApiException.NotFound("the server could not find the requested resource");
        };
        ex.respond(201, "application/json", Json.bytes(out));
    }

    private static UserInfo userFrom(ObjectNode review) {
        java.util.List<String> groups = new java.util.ArrayList<>();
        review.path("spec").path("groups").forEach(g -> groups.add(g.asText()));
        return new UserInfo(review.path("spec").path("user").asText(""), review.path("spec").path("uid").asText(""),
                groups);
    }

    private ObjectNode accessReview(ObjectNode review, UserInfo user, String namespace) {
        ObjectNode spec = (ObjectNode) review.path("spec");
        Authorizer.Decision d;
        if (spec.has("resourceAttributes")) {
            var ra = spec.path("resourceAttributes");
            String ns = namespace.isEmpty() ? ra.path("namespace").asText("") : namespace;
            d = authorizer.authorize(new Authorizer.Attributes(user, ra.path("verb").asText(""),
                    ra.path("group").asText(""), ra.path("version").asText(""), ra.path("resource").asText(""),
                    ra.path("subresource").asText(""), ns, ra.path("name").asText(""), true, ""));
        } else if (spec.has("nonResourceAttributes")) {
            var na = spec.path("nonResourceAttributes");
            d = authorizer.authorize(new Authorizer.Attributes(user, na.path("verb").asText(""), "", "", "", "", "",
                    "", false, na.path("path").asText("")));
        } else {
            throw new ApiException.Invalid(review.path("apiVersion").asText().split("/")[0],
                    review.path("kind").asText(), "", java.util.List.of(dev.tugboat.api.errors.FieldError.invalid(
                    dev.tugboat.api.errors.FieldPath.root("spec"), "", "exactly one of nonResourceAttributes or "
                            + "resourceAttributes must be specified")));
        }
        ObjectNode status = review.putObject("status");
        status.put("allowed", d.allowed());
        if (!d.reason().isEmpty()) {
            status.put("reason", d.reason());
        }
        Meta.mutableMetadata(review).putNull("creationTimestamp");
        return review;
    }

    private static ObjectNode rulesReview(ObjectNode review, UserInfo user) {
        // With AlwaysAllow every verb on every resource is permitted.
        ObjectNode status = review.putObject("status");
        ArrayNode rules = status.putArray("resourceRules");
        ObjectNode all = rules.addObject();
        all.putArray("verbs").add("*");
        all.putArray("apiGroups").add("*");
        all.putArray("resources").add("*");
        ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
        nonResource.putArray("verbs").add("*");
        nonResource.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
        Meta.mutableMetadata(review).putNull("creationTimestamp");
        return review;
    }

    private static ObjectNode selfReview(ObjectNode review, UserInfo user) {
        ObjectNode info = review.putObject("status").putObject("userInfo");
        info.put("username", user.name());
        if (!user.uid().isEmpty()) {
            info.put("uid", user.uid());
        }
        ArrayNode groups = info.putArray("groups");
        user.groups().forEach(groups::add);
        Meta.mutableMetadata(review).putNull("creationTimestamp");
        return review;
    }

    private static ObjectNode tokenReview(ObjectNode review) {
        // No token authenticator is configured yet, so no token authenticates.
        ObjectNode status = review.putObject("status");
        status.put("authenticated", false);
        status.put("error", "token authentication is not enabled on this server");
        Meta.mutableMetadata(review).putNull("creationTimestamp");
        return review;
    }
}
