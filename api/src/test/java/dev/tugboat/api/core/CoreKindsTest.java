package dev.tugboat.api.core;

import static dev.tugboat.api.kinds.KindTesting.canonical;
import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CoreKindsTest {

    @Test
    void namespacesGetTheirNameLabelAndActivePhase() {
        NamespaceRules rules = new NamespaceRules();
        ObjectNode ns = json("{'metadata':{'name':'team-a','labels':{'kubernetes.io/metadata.name':'other'}}}");
        rules.applyDefaults(ns);
        assertThat(canonical(ns)).isEqualTo(canonical(json("{'metadata':{'name':'team-a','labels':{"
                + "'kubernetes.io/metadata.name':'team-a'}},'status':{'phase':'Active'}}")));
        assertThat(rules.validate(ns)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'a.b'}}"))).containsExactly(
                "metadata.name: Invalid value: \"a.b\": must not contain dots");
        assertThat(createErrors(rules, json("{'metadata':{'name':'a','namespace':'x'}}"))).containsExactly(
                "metadata.namespace: Forbidden: not allowed on this type");
        assertThat(createErrors(rules, json("{'metadata':{'name':'a'},'spec':{'finalizers':['foo']}}"))).containsExactly(
                "spec.finalizers: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified");
    }

    @Test
    void namespaceStatusPhaseFollowsDeletion() {
        NamespaceRules rules = new NamespaceRules();
        ObjectNode old = json("{'metadata':{'name':'a','resourceVersion':'1'},'status':{'phase':'Active'}}");
        ObjectNode now = json("{'metadata':{'name':'a','resourceVersion':'1'},'status':{'phase':'Terminating'}}");
        assertThat(strings(rules.validateStatusUpdate(now, old))).containsExactly(
                "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty");
    }

    @Test
    void configMapKeysAndImmutability() {
        ConfigMapRules rules = new ConfigMapRules();
        assertThat(createErrors(rules, json("{'metadata':{'name':'c','namespace':'d'},'data':{'a/b':'x','k':'v'},"
                + "'binaryData':{'k':'eA=='}}"))).containsExactly(
                "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_'"
                        + " or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is"
                        + " '[-._a-zA-Z0-9]+')",
                "data[k]: Invalid value: \"k\": duplicate of key present in binaryData");
        ObjectNode big = json("{'metadata':{'name':'c','namespace':'d'},'data':{}}");
        ((ObjectNode) big.get("data")).put("k", "x".repeat(1024 * 1024 + 1));
        assertThat(createErrors(rules, big)).containsExactly("Too long: must have at most 1048576 bytes");
        ObjectNode old = json("{'metadata':{'name':'c','namespace':'d','resourceVersion':'1'},'immutable':true,'data':{'k':'v'}}");
        ObjectNode now = json("{'metadata':{'name':'c','namespace':'d','resourceVersion':'1'},'immutable':true,'data':{'k':'w'}}");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "data: Forbidden: field is immutable when `immutable` is set");
    }

    @Test
    void secretsDefaultTheirTypeAndFoldStringData() {
        SecretRules rules = new SecretRules();
        ObjectNode s = json("{'metadata':{'name':'s','namespace':'d'},'stringData':{'user':'admin'}}");
        rules.applyDefaults(s);
        assertThat(canonical(s)).isEqualTo(canonical(json("{'metadata':{'name':'s','namespace':'d'},'type':'Opaque',"
                + "'data':{'user':'YWRtaW4='}}")));
        assertThat(rules.validate(s)).isEmpty();
    }

    @Test
    void secretTypesRequireTheirKeys() {
        SecretRules rules = new SecretRules();
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},'type':'kubernetes.io/tls',"
                + "'data':{'tls.crt':'eA=='}}"))).containsExactly("data[tls.key]: Required value");
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},"
                + "'type':'kubernetes.io/dockerconfigjson','data':{'.dockerconfigjson':'eA=='}}"))).containsExactly(
                "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'x' looking"
                        + " for beginning of value");
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},"
                + "'type':'kubernetes.io/service-account-token'}"))).containsExactly(
                "metadata.annotations[kubernetes.io/service-account.name]: Required value");
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},'type':'kubernetes.io/basic-auth'}")))
                .containsExactly("data[username]: Required value", "data[password]: Required value");
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},'type':'kubernetes.io/ssh-auth'}")))
                .containsExactly("data[ssh-privatekey]: Required value");
        ObjectNode old = json("{'metadata':{'name':'s','namespace':'d','resourceVersion':'1'},'type':'Opaque'}");
        ObjectNode now = json("{'metadata':{'name':'s','namespace':'d','resourceVersion':'1'},'type':'kubernetes.io/tls',"
                + "'data':{'tls.crt':'eA==','tls.key':'eA=='}}");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "type: Invalid value: \"kubernetes.io/tls\": field is immutable");
    }

    @Test
    void serviceAccountsValidateMetadata() {
        assertThat(createErrors(new ServiceAccountRules(), json("{'metadata':{'name':'default','namespace':'d'}}"))).isEmpty();
        assertThat(createErrors(new ServiceAccountRules(), json("{'metadata':{'name':'Default','namespace':'d'}}")))
                .hasSize(1);
    }

    @Test
    void nodesValidateTaintsCidrsAndUpdates() {
        NodeRules rules = new NodeRules();
        ObjectNode node = json("{'metadata':{'name':'n1'},'spec':{'podCIDRs':['10.244.1.0/24'],'taints':["
                + "{'key':'k','effect':'NoSchedule'},{'key':'k','effect':'NoSchedule'},{'key':'x','effect':'Bad'}]},"
                + "'status':{'capacity':{'cpu':'2','pods':'110'}}}");
        rules.applyDefaults(node);
        assertThat(node.get("status").get("allocatable").get("pods").asText()).isEqualTo("110");
        assertThat(strings(rules.validate(node))).containsExactly(
                "metadata.taints[1]: Duplicate value: {\"key\":\"k\",\"effect\":\"NoSchedule\"}: taints must be unique by"
                        + " key and effect pair",
                "metadata.taints[2].effect: Unsupported value: \"Bad\": supported values: \"NoSchedule\","
                        + " \"PreferNoSchedule\", \"NoExecute\"");
        ObjectNode old = json("{'metadata':{'name':'n1','resourceVersion':'1'},'spec':{'podCIDRs':['10.244.1.0/24']}}");
        ObjectNode now = json("{'metadata':{'name':'n1','resourceVersion':'1'},'spec':{'podCIDRs':['10.244.2.0/24']}}");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid");
    }

    @Test
    void endpointsNeedAddressesAndNamedPorts() {
        EndpointsRules rules = new EndpointsRules();
        ObjectNode ep = json("{'metadata':{'name':'web','namespace':'d'},'subsets':[{'addresses':[{'ip':'10.244.1.5'}],"
                + "'ports':[{'port':80}]}]}");
        rules.applyDefaults(ep);
        assertThat(ep.get("subsets").get(0).get("ports").get(0).get("protocol").asText()).isEqualTo("TCP");
        assertThat(rules.validate(ep)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'web','namespace':'d'},'subsets':[{'addresses':"
                + "[{'ip':'127.0.0.1'}],'ports':[{'port':80},{'port':81}]},{}]}"))).containsExactly(
                "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range"
                        + " (127.0.0.0/8, ::1/128)",
                "subsets[0].ports[0].name: Required value",
                "subsets[0].ports[1].name: Required value",
                "subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`");
    }

    @Test
    void legacyEventsMustMatchTheirObjectsNamespace() {
        EventRules rules = new EventRules();
        ObjectNode ok = json("{'metadata':{'name':'web-1.17a9c3e5f0d2b6c1','namespace':'default'},"
                + "'involvedObject':{'kind':'Pod','name':'web-1','namespace':'default'},'reason':'Pulled','type':'Normal'}");
        assertThat(rules.validate(ok)).isEmpty();
        ObjectNode node = json("{'metadata':{'name':'n1.1','namespace':'default'},'involvedObject':{'kind':'Node','name':'n1'}}");
        assertThat(rules.validate(node)).isEmpty();
        ObjectNode wrong = json("{'metadata':{'name':'e','namespace':'a'},'involvedObject':{'kind':'Pod','namespace':'b'}}");
        assertThat(strings(rules.validate(wrong))).containsExactly(
                "involvedObject.namespace: Invalid value: \"b\": does not match event.namespace");
        ObjectNode series = json("{'metadata':{'name':'e','namespace':'a'},'eventTime':'2024-05-01T10:00:00.123456Z',"
                + "'involvedObject':{'kind':'Pod','namespace':'a'}}");
        assertThat(strings(rules.validate(series))).containsExactly("reportingComponent: Required value",
                "reportingComponent: Invalid value: \"\": name part must be non-empty",
                "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or"
                        + " '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', "
                        + " or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "reportingInstance: Required value", "action: Required value", "reason: Required value");
    }
}
