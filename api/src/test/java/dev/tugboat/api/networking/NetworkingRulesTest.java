package dev.tugboat.api.networking;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class NetworkingRulesTest {

    static ObjectNode ingress() {
        return json("{'metadata':{'name':'web','namespace':'d'},'spec':{'ingressClassName':'nginx','rules':[{"
                + "'host':'web.example.com','http':{'paths':[{'path':'/','pathType':'Prefix','backend':{'service':{"
                + "'name':'web','port':{'number':80}}}}]}}],'tls':[{'hosts':['web.example.com'],'secretName':'web-tls'}]}}");
    }

    @Test
    void aTypicalIngressIsValid() {
        assertThat(createErrors(new IngressRules(), ingress())).isEmpty();
    }

    @Test
    void ingressRulesCheckHostsPathsAndBackends() {
        ObjectNode ing = ingress();
        ObjectNode rule = (ObjectNode) ing.get("spec").get("rules").get(0);
        rule.put("host", "10.0.0.1");
        ObjectNode path = (ObjectNode) rule.get("http").get("paths").get(0);
        path.put("path", "api").put("pathType", "Exact");
        ((ObjectNode) path.get("backend").get("service").get("port")).put("name", "http");
        assertThat(createErrors(new IngressRules(), ing)).containsExactly(
                "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address",
                "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path",
                "spec.rules[0].http.paths[0].backend: Invalid value: \"\": cannot set both port name & port number");
        assertThat(createErrors(new IngressRules(), json("{'metadata':{'name':'w','namespace':'d'},'spec':{}}")))
                .containsExactly("spec: Invalid value: null: either `defaultBackend` or `rules` must be specified");
    }

    @Test
    void ingressClassesNeedADomainPrefixedController() {
        IngressClassRules rules = new IngressClassRules();
        assertThat(createErrors(rules, json("{'metadata':{'name':'nginx'},'spec':{'controller':'k8s.io/ingress-nginx'}}")))
                .isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'nginx'},'spec':{'controller':'nginx'}}"))).containsExactly(
                "spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")");
        ObjectNode old = json("{'metadata':{'name':'n','resourceVersion':'1'},'spec':{'controller':'a.io/x'}}");
        ObjectNode now = json("{'metadata':{'name':'n','resourceVersion':'1'},'spec':{'controller':'a.io/y'}}");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "spec.controller: Invalid value: \"a.io/y\": field is immutable");
    }

    @Test
    void networkPoliciesDefaultTheirTypesAndCheckPeers() {
        NetworkPolicyRules rules = new NetworkPolicyRules();
        ObjectNode np = json("{'metadata':{'name':'np','namespace':'d'},'spec':{'podSelector':{'matchLabels':{'app':'db'}},"
                + "'ingress':[{'from':[{'podSelector':{'matchLabels':{'app':'web'}}}],'ports':[{'port':5432}]}],"
                + "'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/8'}}]}]}}");
        rules.applyDefaults(np);
        assertThat(strings(rules.validate(np))).isEmpty();
        assertThat(np.get("spec").get("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
        assertThat(np.get("spec").get("ingress").get(0).get("ports").get(0).get("protocol").asText()).isEqualTo("TCP");
        assertThat(createErrors(rules, json("{'metadata':{'name':'np','namespace':'d'},'spec':{'podSelector':{},"
                + "'ingress':[{'from':[{},{'ipBlock':{'cidr':'x'},'podSelector':{}}]}]}}"))).containsExactly(
                "spec.ingress[0].from[0]: Required value: must specify a peer",
                "spec.ingress[0].from[1].ipBlock.cidr: Invalid value: \"x\": must be a valid CIDR value, (e.g. 10.9.8.0/24"
                        + " or 2001:db8::/64)",
                "spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer");
    }
}
