package dev.tugboat.api.autoscaling;

import static dev.tugboat.api.kinds.KindTesting.canonical;
import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HorizontalPodAutoscalerRulesTest {

    @Test
    void v2DefaultsAddTheCpuMetricAndFillBehavior() {
        HorizontalPodAutoscalerRules rules = HorizontalPodAutoscalerRules.v2();
        ObjectNode hpa = json("{'metadata':{'name':'web','namespace':'d'},'spec':{'scaleTargetRef':{'apiVersion':'apps/v1',"
                + "'kind':'Deployment','name':'web'},'maxReplicas':5,'behavior':{'scaleDown':{'stabilizationWindowSeconds':60}}}}");
        rules.applyDefaults(hpa);
        assertThat(canonical((ObjectNode) hpa.get("spec"))).isEqualTo(canonical(json("{'scaleTargetRef':{'apiVersion':'apps/v1',"
                + "'kind':'Deployment','name':'web'},'maxReplicas':5,'minReplicas':1,'metrics':[{'type':'Resource','resource':{"
                + "'name':'cpu','target':{'type':'Utilization','averageUtilization':80}}}],'behavior':{'scaleUp':{"
                + "'selectPolicy':'Max','stabilizationWindowSeconds':0,'policies':[{'type':'Pods','value':4,'periodSeconds':15},"
                + "{'type':'Percent','value':100,'periodSeconds':15}]},'scaleDown':{'stabilizationWindowSeconds':60,"
                + "'selectPolicy':'Max','policies':[{'type':'Percent','value':100,'periodSeconds':15}]}}}")));
        assertThat(rules.validate(hpa)).isEmpty();
    }

    @Test
    void replicaBoundsAndMetricsAreChecked() {
        HorizontalPodAutoscalerRules rules = HorizontalPodAutoscalerRules.v2();
        assertThat(createErrors(rules, json("{'metadata':{'name':'web','namespace':'d'},'spec':{'scaleTargetRef':{"
                + "'kind':'Deployment'},'minReplicas':3,'maxReplicas':2,'metrics':[{'type':'Resource','resource':{"
                + "'name':'memory','target':{'type':'Utilization','averageUtilization':0}}}]}}"))).containsExactly(
                "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
                "spec.scaleTargetRef.name: Required value",
                "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
        HorizontalPodAutoscalerRules v1 = HorizontalPodAutoscalerRules.v1();
        ObjectNode hpa = json("{'metadata':{'name':'web','namespace':'d'},'spec':{'scaleTargetRef':{'kind':'Deployment',"
                + "'name':'web'},'maxReplicas':0,'targetCPUUtilizationPercentage':50}}");
        assertThat(createErrors(v1, hpa)).containsExactly("spec.maxReplicas: Invalid value: 0: must be greater than 0",
                "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`");
        assertThat(hpa.get("spec").has("metrics")).isFalse();
    }
}
