package dev.tugboat.api.storage;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StorageClassRulesTest {

    @Test
    void storageClassesDefaultPoliciesAndFreezeThem() {
        StorageClassRules rules = new StorageClassRules();
        ObjectNode sc = json("{'metadata':{'name':'standard','resourceVersion':'1'},'provisioner':'rancher.io/local-path',"
                + "'parameters':{'type':'ssd'}}");
        assertThat(createErrors(rules, sc)).isEmpty();
        assertThat(sc.get("reclaimPolicy").asText()).isEqualTo("Delete");
        assertThat(sc.get("volumeBindingMode").asText()).isEqualTo("Immediate");
        ObjectNode now = sc.deepCopy();
        now.put("reclaimPolicy", "Retain");
        ((ObjectNode) now.get("parameters")).put("type", "hdd");
        assertThat(strings(rules.validateUpdate(now, sc))).containsExactly(
                "parameters: Forbidden: updates to parameters are forbidden.",
                "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.");
        assertThat(createErrors(rules, json("{'metadata':{'name':'x'},'reclaimPolicy':'Recycle'}"))).containsExactly(
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"");
    }
}
