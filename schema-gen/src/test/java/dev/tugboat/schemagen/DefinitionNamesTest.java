package dev.tugboat.schemagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.EventsV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1TopologySelectorTerm;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DefinitionNamesTest {

    record Case(Class<?> model, String expected) {
        @Override
        public String toString() {
            return model.getSimpleName();
        }
    }

    static final DefinitionNames NAMES = new DefinitionNames(
            Map.of(V1Deployment.class, "apps"),
            Map.of(V1PodSpec.class, Set.of("", "apps", "batch"),
                    V1JobSpec.class, Set.of("batch"),
                    V2MetricSpec.class, Set.of("autoscaling"),
                    V1TopologySelectorTerm.class, Set.of("storage.k8s.io"),
                    V1ObjectMeta.class, Set.of("", "apps")));

    static Stream<Case> cases() {
        return Stream.of(
                new Case(V1Deployment.class, "io.k8s.api.apps.v1.Deployment"),
                new Case(V1PodSpec.class, "io.k8s.api.core.v1.PodSpec"),
                new Case(V1JobSpec.class, "io.k8s.api.batch.v1.JobSpec"),
                new Case(V2MetricSpec.class, "io.k8s.api.autoscaling.v2.MetricSpec"),
                new Case(V1TopologySelectorTerm.class, "io.k8s.api.core.v1.TopologySelectorTerm"),
                new Case(V1ObjectMeta.class, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
                new Case(CoreV1Event.class, "io.k8s.api.core.v1.Event"),
                new Case(EventsV1Event.class, "io.k8s.api.events.v1.Event"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void clientClassesGetUpstreamDefinitionNames(Case c) {
        assertThat(NAMES.of(c.model())).isEqualTo(c.expected());
    }

    @Test
    void aTypeReachedFromTwoOtherGroupsIsAnError() {
        DefinitionNames ambiguous = new DefinitionNames(Map.of(), Map.of(V1JobSpec.class, Set.of("apps", "batch")));
        assertThatThrownBy(() -> ambiguous.of(V1JobSpec.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot tell the group");
    }
}
