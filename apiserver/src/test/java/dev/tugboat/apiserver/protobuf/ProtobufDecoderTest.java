package dev.tugboat.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.tugboat.api.errors.ApiException;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Rbac;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Bodies built as kubectl 1.32+ sends them: magic, runtime.Unknown envelope, the object's protobuf. */
class ProtobufDecoderTest {

    private final ProtobufDecoder decoder = new ProtobufDecoder(definition ->
            definition.equals("io.k8s.api.scheduling.v1.PriorityClass") ? java.util.Set.of("value") : java.util.Set.of());

    private static byte[] body(String apiVersion, String kind, Message object) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x6b, 0x38, 0x73, 0x00});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    @Test
    void aDeploymentFromCreateDeploymentDecodesWithItsTypesAndOmitsGoZeroValues() {
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("nginx").setNamespace("")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0)).putLabels("app", "nginx"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "nginx"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "nginx"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder()
                                        .setName("nginx").setImage("nginx").setTerminationMessagePath("")
                                        .setResources(V1.ResourceRequirements.newBuilder()
                                                .putLimits("cpu", Resource.Quantity.newBuilder().setString("500m").build())))))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder()
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1)))))
                .build();

        JsonNode json = decoder.decode(body("apps/v1", "Deployment", d));

        assertThat(json.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(json.path("kind").asText()).isEqualTo("Deployment");
        assertThat(json.path("metadata").has("namespace")).as("empty string dropped").isFalse();
        assertThat(json.path("metadata").has("creationTimestamp")).as("zero time dropped").isFalse();
        assertThat(json.path("spec").path("replicas").isInt()).as("explicit 0 replicas kept").isTrue();
        JsonNode container = json.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.has("terminationMessagePath")).isFalse();
        assertThat(container.path("resources").path("limits").path("cpu").asText()).isEqualTo("500m");
        JsonNode ru = json.path("spec").path("strategy").path("rollingUpdate");
        assertThat(ru.path("maxSurge").asText()).isEqualTo("25%");
        assertThat(ru.path("maxUnavailable").asInt()).isEqualTo(1);
    }

    @Test
    void goZeroValuesOfOptionalFieldsAreDroppedButRequiredAndPointerZerosStay() {
        V1.ConfigMap cm = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("c").setGeneration(0)).build();
        JsonNode json = decoder.decode(body("v1", "ConfigMap", cm));
        assertThat(json.path("metadata").has("generation")).isFalse();

        io.kubernetes.client.proto.V1Scheduling.PriorityClass pc = io.kubernetes.client.proto.V1Scheduling.PriorityClass
                .newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("p")).setValue(0).setGlobalDefault(false)
                .build();
        JsonNode pcJson = decoder.decode(body("scheduling.k8s.io/v1", "PriorityClass", pc));
        assertThat(pcJson.path("value").isInt()).as("required: kept").isTrue();
        assertThat(pcJson.has("globalDefault")).as("omitempty false: dropped").isFalse();

        V1.Container.Builder c = V1.Container.newBuilder().setName("c").setImage("i").setStdin(false).setTty(false);
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("d"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0).setPaused(false)
                        .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder().addContainers(c))))
                .build();
        JsonNode dJson = decoder.decode(body("apps/v1", "Deployment", d));
        assertThat(dJson.path("spec").path("replicas").isInt()).as("pointer zero: kept").isTrue();
        assertThat(dJson.path("spec").has("minReadySeconds")).isFalse();
        assertThat(dJson.path("spec").has("paused")).isFalse();
        assertThat(dJson.path("spec").path("template").path("spec").path("containers").get(0).has("stdin")).isFalse();
    }

    @Test
    void emptyStringsInsideListsAreValues() {
        V1Rbac.Role role = V1Rbac.Role.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("r"))
                .addRules(V1Rbac.PolicyRule.newBuilder().addApiGroups("").addResources("pods").addVerbs("get"))
                .build();
        JsonNode json = decoder.decode(body("rbac.authorization.k8s.io/v1", "Role", role));
        assertThat(json.path("rules").get(0).path("apiGroups").toString()).isEqualTo("[\"\"]");
    }

    @Test
    void inlinedGoStructsAreFlattenedIntoTheirParent() {
        V1Networking.Ingress ing = V1Networking.Ingress.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("i"))
                .setSpec(V1Networking.IngressSpec.newBuilder().addRules(V1Networking.IngressRule.newBuilder()
                        .setHost("foo.com")
                        .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder()
                                .setHttp(V1Networking.HTTPIngressRuleValue.newBuilder()
                                        .addPaths(V1Networking.HTTPIngressPath.newBuilder().setPath("/bar")
                                                .setPathType("Exact"))))))
                .build();
        JsonNode rule = decoder.decode(body("networking.k8s.io/v1", "Ingress", ing)).path("spec").path("rules").get(0);
        assertThat(rule.has("ingressRuleValue")).isFalse();
        assertThat(rule.path("http").path("paths").get(0).path("path").asText()).isEqualTo("/bar");
    }

    @Test
    void secretBytesBecomeBase64() {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("k", ByteString.copyFromUtf8("hello")).setType("Opaque").build();
        JsonNode json = decoder.decode(body("v1", "Secret", secret));
        assertThat(json.path("data").path("k").asText()).isEqualTo("aGVsbG8=");
    }

    @Test
    void aBodyWithoutTheMagicIsABadRequest() {
        assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(ApiException.BadRequest.class);
    }

    @Test
    void anUnknownKindIsAnUnsupportedMediaType() {
        V1.Secret s = V1.Secret.newBuilder().build();
        assertThatThrownBy(() -> decoder.decode(body("example.com/v1", "Widget", s)))
                .isInstanceOf(ApiException.UnsupportedMediaType.class);
    }
}
