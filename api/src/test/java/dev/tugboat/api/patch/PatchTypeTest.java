package dev.tugboat.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tugboat.api.errors.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchTypeTest {

    @Test
    void contentTypesMapToPatchTypesIgnoringParameters() {
        assertThat(PatchType.of("application/strategic-merge-patch+json; charset=utf-8", true)).isEqualTo(PatchType.STRATEGIC);
        assertThat(PatchType.of("application/apply-patch+yaml", false)).isEqualTo(PatchType.APPLY);
        assertThat(PatchType.of("Application/JSON-Patch+JSON", false)).isEqualTo(PatchType.JSON);
    }

    @Test
    void s19StrategicMergePatchOnACustomResourceIs415() {
        assertThatThrownBy(() -> PatchType.of("application/strategic-merge-patch+json", false))
                .isInstanceOfSatisfying(ApiException.UnsupportedMediaType.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted "
                            + "media types include: application/json-patch+json, application/merge-patch+json, "
                            + "application/apply-patch+yaml");
                });
        assertThatThrownBy(() -> PatchType.of("application/json", true))
                .hasMessageContaining("application/merge-patch+json, application/strategic-merge-patch+json, "
                        + "application/apply-patch+yaml");
    }

    @Test
    void applyBodiesAreYamlOrJsonAndBadBodiesAreBadRequests() {
        assertThat(PatchType.APPLY.decode("kind: ConfigMap\ndata:\n  a: '1'\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(TestJson.json("{'kind':'ConfigMap','data':{'a':'1'}}"));
        assertThat(PatchType.APPLY.decode("{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8)).path("kind").asText())
                .isEqualTo("ConfigMap");
        assertThatThrownBy(() -> PatchType.MERGE.decode("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.BadRequest.class).hasMessageStartingWith("error decoding patch: ");
        assertThatThrownBy(() -> PatchType.APPLY.decode("a: [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.BadRequest.class).hasMessageStartingWith("error decoding YAML: ");
        assertThatThrownBy(() -> PatchType.STRATEGIC.decode(new byte[0])).isInstanceOf(ApiException.BadRequest.class);
    }
}
