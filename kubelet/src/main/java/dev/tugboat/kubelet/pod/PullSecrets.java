package dev.tugboat.kubelet.pod;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registry credentials for an image from a pod's imagePullSecrets, as upstream's keyring matches them:
 * Secrets of type {@code kubernetes.io/dockerconfigjson} ({@code .dockerconfigjson}: {"auths": …}) or
 * {@code kubernetes.io/dockercfg} ({@code .dockercfg}), each entry keyed by a registry host (optionally
 * with a path prefix or a scheme); Docker Hub's historic key {@code https://index.docker.io/v1/} matches
 * docker.io. The first Secret, in the pod's order, with a matching entry wins. Pure.
 */
public final class PullSecrets {

    /** A registry login: user and password (from {@code auth} when only that is given). */
    public record Credential(String server, String username, String password) {
    }

    private PullSecrets() {
    }

    /** @param secrets the pod's imagePullSecrets that exist, in the pod's order */
    public static Optional<Credential> forImage(String image, List<JsonNode> secrets) {
        String normalized = ImageNames.normalize(image);
        int at = normalized.indexOf('@');
        String named = at >= 0 ? normalized.substring(0, at) : normalized;
        String registry = named.substring(0, named.indexOf('/'));
        String repository = named.lastIndexOf(':') > named.lastIndexOf('/') ? named.substring(0, named.lastIndexOf(':'))
                : named;
        for (JsonNode secret : secrets) {
            for (JsonNode[] entry : entries(secret)) {
                String key = entry[0].asText();
                if (matches(key, registry, repository)) {
                    return Optional.of(credential(registry, entry[1]));
                }
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode[]> entries(JsonNode secret) {
        List<JsonNode[]> out = new ArrayList<>();
        String type = secret.path("type").asText("");
        String field = type.equals("kubernetes.io/dockercfg") ? ".dockercfg" : ".dockerconfigjson";
        String encoded = secret.path("data").path(field).asText("");
        if (encoded.isEmpty()) {
            return out;
        }
        try {
            JsonNode cfg = Json.MAPPER.readTree(Base64.getDecoder().decode(encoded));
            JsonNode auths = field.equals(".dockercfg") ? cfg : cfg.path("auths");
            auths.properties().forEach(e -> out.add(new JsonNode[] {Json.MAPPER.getNodeFactory().textNode(e.getKey()),
                e.getValue()}));
        } catch (IOException | IllegalArgumentException e) {
            // A malformed Secret provides no credentials, as upstream's keyring skips it.
        }
        return out;
    }

    /** Whether a config key (host, host/path, or URL) names this image's registry (and repository prefix). */
    static boolean matches(String key, String registry, String repository) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.startsWith("https://") || k.startsWith("http://")) {
            k = k.substring(k.indexOf("://") + 3);
        }
        if (k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        if (k.equals("index.docker.io/v1") || k.equals("index.docker.io") || k.equals("registry-1.docker.io")) {
            k = "docker.io";
        }
        if (!k.contains("/")) {
            return k.equals(registry);
        }
        return repository.equals(k) || repository.startsWith(k + "/");
    }

    private static Credential credential(String registry, JsonNode entry) {
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (user.isEmpty() && !auth.isEmpty()) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException e) {
                // Not base64: no user from it.
            }
        }
        return new Credential(registry, user, password);
    }
}
