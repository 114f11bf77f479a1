package dev.tugboat.apiserver.endpoints;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a request addresses, parsed from its method and path as upstream's RequestInfoFactory does:
 * {@code /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}} and
 * {@code /apis/{group}/{version}/…}. Non-resource requests ({@code /version}, {@code /healthz}) have
 * {@code resourceRequest == false}.
 *
 * @param verb get, list, watch, create, update, patch, delete, deletecollection (resource requests);
 *             the lower-cased HTTP method otherwise
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiPrefix, String group,
                          String version, String namespace, String resource, String subresource, String name,
                          List<String> parts) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * Parses a request.
     *
     * @param watchParam the {@code watch} query parameter (may be null)
     */
    public static RequestInfo parse(String method, String path, String watchParam) {
        String lowerMethod = method.toLowerCase(java.util.Locale.ROOT);
        List<String> segs = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segs.isEmpty() || !(segs.get(0).equals("api") || segs.get(0).equals("apis"))) {
            return nonResource(path, lowerMethod);
        }
        String prefix = segs.get(0);
        int i = 1;
        String group = "";
        if (prefix.equals("apis")) {
            if (segs.size() < 2) {
                return nonResource(path, lowerMethod);
            }
            group = segs.get(1);
            i = 2;
        }
        if (segs.size() <= i) {
            return nonResource(path, lowerMethod);
        }
        String version = segs.get(i++);
        List<String> rest = segs.subList(i, segs.size());
        if (rest.isEmpty()) {
            return nonResource(path, lowerMethod);
        }

        boolean legacyWatch = false;
        if (rest.get(0).equals("watch")) {
            legacyWatch = true;
            rest = rest.subList(1, rest.size());
        }

        String namespace = "";
        List<String> parts;
        if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
            boolean namespaceObject = rest.size() == 2
                    || (rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)));
            if (namespaceObject) {
                // /namespaces/{name}[/status|/finalize] addresses the Namespace itself.
                parts = rest;
            } else {
                namespace = rest.get(1);
                parts = rest.subList(2, rest.size());
            }
        } else {
            parts = rest;
        }
        if (parts.isEmpty()) {
            return nonResource(path, lowerMethod);
        }
        if (parts.get(0).equals("namespaces") && parts.size() >= 2 && namespace.isEmpty()) {
            namespace = parts.get(1);
        }
        String resource = parts.get(0);
        String name = parts.size() >= 2 ? parts.get(1) : "";
        String subresource = parts.size() >= 3 ? parts.get(2) : "";

        String verb = switch (lowerMethod) {
            case "post" -> "create";
            case "get", "head" -> name.isEmpty() ? "list" : "get";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> lowerMethod;
        };
        boolean watchRequested = RequestOptions.queryBool(watchParam);
        if ((legacyWatch && (verb.equals("list") || verb.equals("get"))) || (verb.equals("list") && watchRequested)) {
            verb = "watch";
        }
        return new RequestInfo(true, path, verb, prefix, group, version, namespace, resource, subresource, name,
                List.copyOf(parts));
    }

    private static RequestInfo nonResource(String path, String method) {
        return new RequestInfo(false, path, method, "", "", "", "", "", "", "", List.of());
    }
}
