package dev.tugboat.controllers.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodsTest {

    private static ObjectNode pod(String json) throws IOException {
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void availabilityWaitsForMinReadySeconds() throws IOException {
        ObjectNode pod = pod("""
                {"status":{"phase":"Running","conditions":[
                  {"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""");
        Instant readySince = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Pods.isReady(pod)).isTrue();
        assertThat(Pods.isAvailable(pod, 0, readySince)).isTrue();
        assertThat(Pods.isAvailable(pod, 10, readySince.plusSeconds(9))).isFalse();
        assertThat(Pods.isAvailable(pod, 10, readySince.plusSeconds(10))).isTrue();
    }

    @Test
    void unreadyAndFinishedPods() throws IOException {
        ObjectNode unready = pod("""
                {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"}]}}""");
        assertThat(Pods.isReady(unready)).isFalse();
        assertThat(Pods.isAvailable(unready, 0, Instant.now())).isFalse();
        assertThat(Pods.isActive(unready)).isTrue();
        assertThat(Pods.isActive(pod("{\"status\":{\"phase\":\"Succeeded\"}}"))).isFalse();
        assertThat(Pods.isActive(pod("{\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"}}"))).isFalse();
        assertThat(Pods.isFinished(pod("{\"status\":{\"phase\":\"Failed\"}}"))).isTrue();
    }

    @Test
    void fromTemplateCopiesTheTemplateAndOwnsThePod() throws IOException {
        ObjectNode owner = pod("{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"uid\":\"u1\"}}");
        ObjectNode template = pod("""
                {"metadata":{"labels":{"app":"web"},"annotations":{"a":"b"}},
                 "spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        ObjectNode ref = new OwnerKind("apps/v1", "ReplicaSet").controllerRef(owner);
        ObjectNode pod = PodControl.fromTemplate(template, owner, ref);
        assertThat(pod.at("/metadata/generateName").asText()).isEqualTo("web-");
        assertThat(pod.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(pod.at("/metadata/annotations/a").asText()).isEqualTo("b");
        assertThat(pod.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("u1");
        assertThat(pod.at("/metadata/ownerReferences/0/controller").asBoolean()).isTrue();
        assertThat(pod.at("/spec/containers/0/image").asText()).isEqualTo("nginx");
        assertThat(ControllerRefs.isControlledBy(pod, "u1")).isTrue();
        assertThat(ControllerRefs.hasControllerOfKind(pod, "ReplicaSet")).isTrue();
    }
}
