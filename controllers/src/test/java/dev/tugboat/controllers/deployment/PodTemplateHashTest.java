package dev.tugboat.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {

    static JsonNode json(String s) throws Exception {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    static final String NGINX = "{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}";

    @Test
    void fnv32aMatchesTheReferenceVectors() {
        assertThat(PodTemplateHash.fnv32a(new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(PodTemplateHash.fnv32a("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xe40c292c);
        assertThat(PodTemplateHash.fnv32a("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xbf9cf968);
    }

    @Test
    void digitsMapOntoTheSafeAlphabetAsUpstreamEncodes() {
        assertThat(PodTemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void theHashIsStableAndIgnoresKeyOrder() throws Exception {
        String a = PodTemplateHash.compute(json(NGINX), null);
        String reordered = PodTemplateHash.compute(json("{\"spec\":{\"containers\":[{\"image\":\"nginx:1\","
                + "\"name\":\"c\"}]},\"metadata\":{\"labels\":{\"app\":\"nginx\"}}}"), null);
        assertThat(a).isEqualTo(PodTemplateHash.compute(json(NGINX), null)).isEqualTo(reordered);
        assertThat(a).hasSizeBetween(1, 10).matches("[" + PodTemplateHash.ALPHABET + "]+");
        long value = Long.parseLong(a.chars().mapToObj(c -> String.valueOf(
                "4567 89bcdf".replace(" ", "").indexOf(c))).reduce("", String::concat));
        assertThat(value).isEqualTo(Integer.toUnsignedLong(PodTemplateHash.fnv32a(
                PodTemplateHash.canonical(json(NGINX)).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theHashChangesWithTheTemplateAndTheCollisionCount() throws Exception {
        String a = PodTemplateHash.compute(json(NGINX), null);
        assertThat(PodTemplateHash.compute(json(NGINX.replace("nginx:1", "nginx:2")), null)).isNotEqualTo(a);
        assertThat(PodTemplateHash.compute(json(NGINX), 1)).isNotEqualTo(a)
                .isNotEqualTo(PodTemplateHash.compute(json(NGINX), 2));
        assertThat(PodTemplateHash.compute(json(NGINX), 0)).isNotEqualTo(a);
    }

    @Test
    void templatesAreEqualIgnoringTheHashLabelAndEmptyValues() throws Exception {
        JsonNode withHash = json(NGINX.replace("{\"app\":\"nginx\"}", "{\"app\":\"nginx\",\"pod-template-hash\":\"x\"}")
                .replace("\"spec\":{", "\"spec\":{\"volumes\":[],"));
        assertThat(PodTemplateHash.equalIgnoreHash(withHash, json(NGINX))).isTrue();
        assertThat(PodTemplateHash.equalIgnoreHash(json(NGINX.replace("nginx:1", "nginx:2")), json(NGINX))).isFalse();
        assertThat(PodTemplateHash.withoutHashLabel(withHash).path("metadata").path("labels").has("pod-template-hash"))
                .isFalse();
    }
}
