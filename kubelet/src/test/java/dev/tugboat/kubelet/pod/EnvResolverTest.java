package dev.tugboat.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {

    static final Map<String, String> NONE = Map.of();

    @Test
    void expansionFollowsKubernetesRules() {
        Map<String, String> vars = Map.of("A", "1", "B", "two");
        assertThat(Expansion.expand("$(A)-$(B)", vars::get)).isEqualTo("1-two");
        assertThat(Expansion.expand("$(MISSING)", vars::get)).isEqualTo("$(MISSING)");
        assertThat(Expansion.expand("$$(A)", vars::get)).isEqualTo("$(A)");
        assertThat(Expansion.expand("cost $5 and $", vars::get)).isEqualTo("cost $5 and $");
        assertThat(Expansion.expand("$(A", vars::get)).isEqualTo("$(A");
        assertThat(Expansion.expand("echo $(A)$(A)", vars::get)).isEqualTo("echo 11");
    }

    static ObjectNode pod() {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "web").put("namespace", "shop").put("uid", "u-1")
                .putObject("labels").put("app", "web");
        pod.putObject("spec").put("nodeName", "node-1").put("serviceAccountName", "default");
        pod.putObject("status").put("podIP", "10.244.0.9").put("hostIP", "172.30.0.2");
        return pod;
    }

    static EnvResolver resolver() {
        ObjectNode cm = Json.object();
        cm.putObject("data").put("color", "blue").put("size", "L").put("bad key", "x");
        ObjectNode secret = Json.object();
        secret.putObject("data").put("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)));
        return new EnvResolver(new EnvResolver.Objects() {
            @Override
            public Optional<JsonNode> configMap(String namespace, String name) {
                return namespace.equals("shop") && name.equals("settings") ? Optional.of(cm) : Optional.empty();
            }

            @Override
            public Optional<JsonNode> secret(String namespace, String name) {
                return namespace.equals("shop") && name.equals("db") ? Optional.of(secret) : Optional.empty();
            }
        });
    }

    static ObjectNode container(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
    }

    @Test
    void valuesFromEveryKindOfSourceInOrder() throws Exception {
        ObjectNode c = container("""
                {'name':'app','resources':{'limits':{'memory':'128Mi'},'requests':{'cpu':'250m'}},
                 'envFrom':[{'configMapRef':{'name':'settings'},'prefix':'CFG_'}],
                 'env':[{'name':'GREETING','value':'hello $(CFG_color) from $(POD_NAME)'},
                        {'name':'POD_NAME','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}},
                        {'name':'AGAIN','value':'$(POD_NAME)@$(NODE)'},
                        {'name':'NODE','valueFrom':{'fieldRef':{'fieldPath':'spec.nodeName'}}},
                        {'name':'APP','valueFrom':{'fieldRef':{'fieldPath':'metadata.labels[\\u0027app\\u0027]'}}},
                        {'name':'PASSWORD','valueFrom':{'secretKeyRef':{'name':'db','key':'password'}}},
                        {'name':'MEM_MI','valueFrom':{'resourceFieldRef':{'resource':'limits.memory','divisor':'1Mi'}}},
                        {'name':'CPU','valueFrom':{'resourceFieldRef':{'resource':'requests.cpu'}}},
                        {'name':'CPU_LIMIT','valueFrom':{'resourceFieldRef':{'resource':'limits.cpu'}}},
                        {'name':'EMPTY'}]}""");
        ObjectNode allocatable = Json.object().put("cpu", "2").put("memory", "8Gi");
        Map<String, String> env = resolver().resolve(pod(), c, Map.of("WEB_SERVICE_HOST", "10.96.0.12"), allocatable);

        assertThat(env).containsEntry("WEB_SERVICE_HOST", "10.96.0.12")
                .containsEntry("CFG_color", "blue").containsEntry("CFG_size", "L").doesNotContainKey("CFG_bad key")
                // POD_NAME is defined after GREETING, so the reference stays as written.
                .containsEntry("GREETING", "hello blue from $(POD_NAME)")
                .containsEntry("AGAIN", "web@$(NODE)")
                .containsEntry("APP", "web")
                .containsEntry("PASSWORD", "s3cret")
                .containsEntry("MEM_MI", "128")
                .containsEntry("CPU", "1")
                .containsEntry("CPU_LIMIT", "2")
                .containsEntry("EMPTY", "");
        assertThat(env.keySet()).startsWith("WEB_SERVICE_HOST");
    }

    @Test
    void missingReferencesAreConfigErrorsUnlessOptional() throws Exception {
        EnvResolver r = resolver();
        assertThatThrownBy(() -> r.resolve(pod(), container("""
                {'env':[{'name':'X','valueFrom':{'configMapKeyRef':{'name':'nope','key':'k'}}}]}"""), NONE, Json.object()))
                .isInstanceOf(ContainerConfigError.class).hasMessage("configmap \"nope\" not found");
        assertThatThrownBy(() -> r.resolve(pod(), container("""
                {'env':[{'name':'X','valueFrom':{'configMapKeyRef':{'name':'settings','key':'k'}}}]}"""), NONE, Json.object()))
                .isInstanceOf(ContainerConfigError.class).hasMessage("couldn't find key k in ConfigMap shop/settings");
        assertThatThrownBy(() -> r.resolve(pod(), container("""
                {'envFrom':[{'secretRef':{'name':'other'}}]}"""), NONE, Json.object()))
                .isInstanceOf(ContainerConfigError.class).hasMessage("secret \"other\" not found");
        assertThat(r.resolve(pod(), container("""
                {'env':[{'name':'X','valueFrom':{'secretKeyRef':{'name':'nope','key':'k','optional':true}}}],
                 'envFrom':[{'configMapRef':{'name':'gone','optional':true}}]}"""), NONE, Json.object())).isEmpty();
    }
}
