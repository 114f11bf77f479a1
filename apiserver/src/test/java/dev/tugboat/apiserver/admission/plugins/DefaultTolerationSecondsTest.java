package dev.tugboat.apiserver.admission.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.Operation;
import dev.tugboat.apiserver.auth.UserInfo;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultTolerationSecondsTest {

    static final AdmissionAttributes CREATE_POD = new AdmissionAttributes(Operation.CREATE,
            new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"), "", "default", "p",
            UserInfo.ADMIN, false);

    static Map<String, JsonNode> tolerationsByKey(ObjectNode pod) {
        Map<String, JsonNode> out = new HashMap<>();
        pod.path("spec").path("tolerations").forEach(t -> out.put(t.path("key").asText(), t));
        return out;
    }

    @Test
    void newPodsTolerateNotReadyAndUnreachableForTheConfiguredSeconds() {
        ObjectNode pod = Json.object();
        pod.putObject("spec");
        new DefaultTolerationSeconds(40, 7).admit(CREATE_POD, pod, null);
        Map<String, JsonNode> t = tolerationsByKey(pod);
        assertThat(t.get("node.kubernetes.io/not-ready").path("tolerationSeconds").asLong()).isEqualTo(40);
        assertThat(t.get("node.kubernetes.io/unreachable").path("tolerationSeconds").asLong()).isEqualTo(7);
        assertThat(t.get("node.kubernetes.io/unreachable").path("effect").asText()).isEqualTo("NoExecute");
        assertThat(t.get("node.kubernetes.io/unreachable").path("operator").asText()).isEqualTo("Exists");
    }

    @Test
    void aPodsOwnTolerationIsKeptAndTheDefaultIs300() {
        ObjectNode pod = Json.object();
        pod.putObject("spec").putArray("tolerations").addObject().put("key", "node.kubernetes.io/unreachable")
                .put("operator", "Exists").put("effect", "NoExecute").put("tolerationSeconds", 2);
        new DefaultTolerationSeconds(DefaultTolerationSeconds.DEFAULT_SECONDS).admit(CREATE_POD, pod, null);
        Map<String, JsonNode> t = tolerationsByKey(pod);
        assertThat(pod.path("spec").path("tolerations").size()).isEqualTo(2);
        assertThat(t.get("node.kubernetes.io/unreachable").path("tolerationSeconds").asLong()).isEqualTo(2);
        assertThat(t.get("node.kubernetes.io/not-ready").path("tolerationSeconds").asLong()).isEqualTo(300);
    }
}
