package dev.tugboat.api.discovery;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EndpointSliceRulesTest {

    @Test
    void slicesDefaultPortsAndCheckAddressesByType() {
        EndpointSliceRules rules = new EndpointSliceRules();
        ObjectNode slice = json("{'metadata':{'name':'web-abc','namespace':'d'},'addressType':'IPv4','endpoints':[{"
                + "'addresses':['10.244.1.5'],'conditions':{'ready':true},'nodeName':'n1'}],'ports':[{'port':80}]}");
        rules.applyDefaults(slice);
        assertThat(slice.get("ports").get(0).toString()).isEqualTo("{\"port\":80,\"protocol\":\"TCP\",\"name\":\"\"}");
        assertThat(rules.validate(slice)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},'addressType':'IPv4','endpoints':["
                + "{'addresses':['2001:db8::1']},{'addresses':[]}],'ports':[{'port':0}]}"))).containsExactly(
                "endpoints[0].addresses[0]: Invalid value: \"2001:db8::1\": must be a valid IPv4 address",
                "endpoints[1].addresses: Required value: must contain at least 1 address",
                "ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive");
        assertThat(createErrors(rules, json("{'metadata':{'name':'s','namespace':'d'},'addressType':'IPX'}")))
                .containsExactly("addressType: Unsupported value: \"IPX\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"");
    }
}
