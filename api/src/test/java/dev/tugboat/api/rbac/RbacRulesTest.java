package dev.tugboat.api.rbac;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RbacRulesTest {

    @Test
    void rolesNeedVerbsGroupsAndResources() {
        RbacRules roles = new RbacRules(RbacRules.Kind.ROLE);
        assertThat(createErrors(roles, json("{'metadata':{'name':'pod-reader','namespace':'d'},'rules':[{'apiGroups':[''],"
                + "'resources':['pods'],'verbs':['get','list']}]}"))).isEmpty();
        assertThat(createErrors(roles, json("{'metadata':{'name':'r','namespace':'d'},'rules':[{'nonResourceURLs':['/x']},"
                + "{'verbs':['get']}]}"))).containsExactly(
                "rules[0].verbs: Required value: verbs must contain at least one value",
                "rules[0].nonResourceURLs: Invalid value: [\"/x\"]: namespaced rules cannot apply to non-resource URLs",
                "rules[1].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[1].resources: Required value: resource rules must supply at least one resource");
        assertThat(createErrors(new RbacRules(RbacRules.Kind.CLUSTER_ROLE), json("{'metadata':{'name':'system:viewer'},"
                + "'rules':[{'nonResourceURLs':['/healthz'],'verbs':['get']}]}"))).isEmpty();
        assertThat(createErrors(roles, json("{'metadata':{'name':'a/b','namespace':'d'}}")))
                .containsExactly("metadata.name: Invalid value: \"a/b\": may not contain '/'");
    }

    @Test
    void bindingsReferenceRolesAndKeepTheirRoleRef() {
        RbacRules bindings = new RbacRules(RbacRules.Kind.ROLE_BINDING);
        ObjectNode binding = json("{'metadata':{'name':'read-pods','namespace':'d','resourceVersion':'1'},'roleRef':{"
                + "'kind':'Role','name':'pod-reader'},'subjects':[{'kind':'User','name':'jane'},"
                + "{'kind':'ServiceAccount','name':'default','namespace':'d'}]}");
        assertThat(createErrors(bindings, binding)).isEmpty();
        assertThat(binding.get("roleRef").get("apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
        ObjectNode changed = binding.deepCopy();
        ((ObjectNode) changed.get("roleRef")).put("name", "admin");
        assertThat(strings(bindings.validateUpdate(changed, binding))).containsExactly("roleRef: Invalid value: {\"kind\":"
                + "\"Role\",\"name\":\"admin\",\"apiGroup\":\"rbac.authorization.k8s.io\"}: cannot change roleRef");
        assertThat(createErrors(new RbacRules(RbacRules.Kind.CLUSTER_ROLE_BINDING), json("{'metadata':{'name':'b'},"
                + "'roleRef':{'kind':'Role','name':'r'},'subjects':[{'kind':'Robot','name':'x'}]}"))).containsExactly(
                "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"");
    }
}
