package dev.tugboat.api.coordination;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaseRulesTest {

    @Test
    void leasesNeedPositiveDurations() {
        LeaseRules rules = new LeaseRules();
        assertThat(createErrors(rules, json("{'metadata':{'name':'n1','namespace':'kube-node-lease'},'spec':{"
                + "'holderIdentity':'n1','leaseDurationSeconds':40,'renewTime':'2024-05-01T10:00:00.000000Z'}}"))).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'n1','namespace':'kube-node-lease'},'spec':{"
                + "'leaseDurationSeconds':0,'leaseTransitions':-1,'preferredHolder':'x'}}"))).containsExactly(
                "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
                "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
                "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined");
    }
}
