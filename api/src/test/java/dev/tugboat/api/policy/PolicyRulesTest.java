package dev.tugboat.api.policy;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyRulesTest {

    @Test
    void disruptionBudgetsTakeOneBound() {
        PodDisruptionBudgetRules rules = new PodDisruptionBudgetRules();
        assertThat(createErrors(rules, json("{'metadata':{'name':'p','namespace':'d'},'spec':{'minAvailable':'50%',"
                + "'selector':{'matchLabels':{'app':'web'}}}}"))).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'p','namespace':'d'},'spec':{'minAvailable':1,"
                + "'maxUnavailable':'120%'}}"))).containsExactly(
                "spec: Invalid value: {\"minAvailable\":1,\"maxUnavailable\":\"120%\"}: minAvailable and maxUnavailable"
                        + " cannot be both set",
                "spec.maxUnavailable: Invalid value: 120%: must not be greater than 100%");
    }

    @Test
    void evictionsCheckTheirDeleteOptions() {
        EvictionRules rules = new EvictionRules();
        assertThat(rules.validate(json("{'metadata':{'name':'web','namespace':'d'}}"))).isEmpty();
        assertThat(strings(rules.validate(json("{'deleteOptions':{'propagationPolicy':'Later','dryRun':['Some']}}"))))
                .containsExactly("propagationPolicy: Unsupported value: \"Later\": supported values: \"Foreground\","
                        + " \"Background\", \"Orphan\", \"nil\"",
                        "dryRun: Unsupported value: [\"Some\"]: supported values: \"All\"");
    }
}
