package dev.tugboat.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullSecretsTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode dockerConfigJson(String auths) {
        ObjectNode s = Json.object().put("type", "kubernetes.io/dockerconfigjson");
        s.putObject("data").put(".dockerconfigjson", b64("{\"auths\":" + auths.replace('\'', '"') + "}"));
        return s;
    }

    @Test
    void dockerHubsHistoricKeyMatchesShortNames() {
        JsonNode secret = dockerConfigJson("{'https://index.docker.io/v1/':{'auth':'" + b64("me:pw") + "'}}");
        assertThat(PullSecrets.forImage("nginx", List.of(secret)))
                .contains(new PullSecrets.Credential("docker.io", "me", "pw"));
        assertThat(PullSecrets.forImage("quay.io/x/y:1", List.of(secret))).isEmpty();
    }

    @Test
    void hostAndPathPrefixesMatchAndTheFirstSecretWins() {
        JsonNode a = dockerConfigJson("{'registry.example.com/team':{'username':'team','password':'t'}}");
        JsonNode b = dockerConfigJson("{'registry.example.com':{'username':'all','password':'a'}}");
        assertThat(PullSecrets.forImage("registry.example.com/team/app:2", List.of(a, b)).orElseThrow().username())
                .isEqualTo("team");
        assertThat(PullSecrets.forImage("registry.example.com/other/app", List.of(a, b)).orElseThrow().username())
                .isEqualTo("all");
        assertThat(PullSecrets.forImage("registry.example.com:5000/app", List.of(b))).isEmpty();
    }

    @Test
    void legacyDockercfgAndMalformedSecrets() {
        ObjectNode legacy = Json.object().put("type", "kubernetes.io/dockercfg");
        legacy.putObject("data").put(".dockercfg", b64("{\"localhost:5000\":{\"username\":\"u\",\"password\":\"p\"}}"));
        assertThat(PullSecrets.forImage("localhost:5000/app", List.of(legacy))).isPresent();
        ObjectNode broken = Json.object().put("type", "kubernetes.io/dockerconfigjson");
        broken.putObject("data").put(".dockerconfigjson", "not base64!");
        assertThat(PullSecrets.forImage("nginx", List.of(broken))).isEmpty();
    }

    @Test
    void imageNamesNormalizeAsTheRuntimeDoes() {
        assertThat(ImageNames.normalize("nginx")).isEqualTo("docker.io/library/nginx:latest");
        assertThat(ImageNames.normalize("me/app:1")).isEqualTo("docker.io/me/app:1");
        assertThat(ImageNames.normalize("localhost:5000/app")).isEqualTo("localhost:5000/app:latest");
        assertThat(ImageNames.normalize("quay.io/a/b@sha256:00")).isEqualTo("quay.io/a/b@sha256:00");
    }
}
