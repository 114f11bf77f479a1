package dev.tugboat.api.scheduling;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PriorityClassRulesTest {

    @Test
    void reservedNamesCappedValuesAndImmutableValue() {
        PriorityClassRules rules = new PriorityClassRules();
        ObjectNode pc = json("{'metadata':{'name':'high','resourceVersion':'1'},'value':1000}");
        assertThat(createErrors(rules, pc)).isEmpty();
        assertThat(pc.get("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
        assertThat(createErrors(rules, json("{'metadata':{'name':'system-node-critical'},'value':2000001000}"))).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'system-mine'},'value':1}"))).containsExactly(
                "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only."
                        + " error: system-mine is not a known system priority class");
        assertThat(createErrors(rules, json("{'metadata':{'name':'huge'},'value':2000000000}"))).containsExactly(
                "value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
        ObjectNode now = pc.deepCopy();
        now.put("value", 5);
        assertThat(strings(rules.validateUpdate(now, pc))).containsExactly("value: Forbidden: may not be changed in an update.");
    }
}
