package dev.tugboat.api.kinds;

import static dev.tugboat.api.kinds.KindTesting.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinKindRulesTest {

    private final BuiltinKindRules rules = BuiltinKindRules.create();

    @Test
    void everyBuiltInKindHasRules() {
        for (String kind : List.of("Pod", "PodTemplate", "Binding", "Service", "Namespace", "ConfigMap", "Secret",
                "ServiceAccount", "Node", "Endpoints", "Event", "PersistentVolume", "PersistentVolumeClaim",
                "ReplicationController", "ResourceQuota", "LimitRange")) {
            assertThat(rules.forKind(new GroupVersionKind("", "v1", kind))).as(kind).isPresent();
        }
        assertThat(rules.forKind(GroupVersionKind.of("apps/v1", "Deployment"))).containsInstanceOf(
                dev.tugboat.api.apps.DeploymentRules.class);
        assertThat(rules.forKind(GroupVersionKind.of("autoscaling/v2", "HorizontalPodAutoscaler"))).isPresent();
        assertThat(rules.forKind(GroupVersionKind.of("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"))).isPresent();
        assertThat(rules.kinds()).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void unknownKindsHaveNoRules() {
        assertThat(rules.forKind(GroupVersionKind.of("stable.example.com/v1", "CronTab"))).isEmpty();
        assertThat(rules.forKind(GroupVersionKind.of("apps/v1beta1", "Deployment"))).isEmpty();
    }

    @Test
    void rulesNeverThrowOnEmptyOrOddObjects() {
        for (GroupVersionKind gvk : rules.kinds()) {
            KindRules r = rules.forKind(gvk).orElseThrow();
            for (String body : List.of("{}", "{'metadata':{'name':'x','namespace':'d'},'spec':[],'status':3,'data':'x'}",
                    "{'spec':{'containers':{},'template':'x','selector':5,'rules':null,'ports':[1,'a',null]}}")) {
                ObjectNode obj = json(body);
                assertThatCode(() -> {
                    r.applyDefaults(obj);
                    r.validate(obj);
                    r.validateUpdate(obj.deepCopy(), obj);
                    r.validateStatusUpdate(obj.deepCopy(), obj);
                    r.warnings(obj);
                }).as(gvk + " " + body).doesNotThrowAnyException();
            }
        }
    }
}
