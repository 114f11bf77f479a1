package dev.tugboat.api.core;

import static dev.tugboat.api.kinds.KindTesting.canonical;
import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceRulesTest {

    private final ServiceRules rules = new ServiceRules();

    /** What {@code kubectl expose deployment nginx --type=NodePort --port=80} posts, after allocation. */
    static ObjectNode exposed() {
        ObjectNode svc = json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'nginx','namespace':'default',"
                + "'labels':{'app':'nginx'}},'spec':{'ports':[{'port':80,'protocol':'TCP','targetPort':80}],"
                + "'selector':{'app':'nginx'},'type':'NodePort'}}");
        return svc;
    }

    static void allocate(ObjectNode svc) {
        ObjectNode spec = (ObjectNode) svc.get("spec");
        spec.put("clusterIP", "10.96.0.9");
        spec.putArray("clusterIPs").add("10.96.0.9");
        spec.putArray("ipFamilies").add("IPv4");
        spec.put("ipFamilyPolicy", "SingleStack");
        if (!spec.get("type").asText().equals("ClusterIP")) {
            spec.get("ports").forEach(p -> ((ObjectNode) p).put("nodePort", 30080));
        }
    }

    @Test
    void anExposedDeploymentGetsServiceDefaultsAndValidates() {
        ObjectNode svc = exposed();
        rules.applyDefaults(svc);
        assertThat(canonical((ObjectNode) svc.get("spec"))).isEqualTo(canonical(json("{'ports':[{'port':80,"
                + "'protocol':'TCP','targetPort':80}],'selector':{'app':'nginx'},'type':'NodePort',"
                + "'sessionAffinity':'None','externalTrafficPolicy':'Cluster','internalTrafficPolicy':'Cluster'}")));
        allocate(svc);
        assertThat(rules.validate(svc)).isEmpty();
    }

    @Test
    void defaultsFillTargetPortsAndClientIpTimeouts() {
        ObjectNode svc = json("{'metadata':{'name':'s','namespace':'d'},'spec':{'type':'LoadBalancer',"
                + "'sessionAffinity':'ClientIP','ports':[{'port':443,'targetPort':0}]},"
                + "'status':{'loadBalancer':{'ingress':[{'ip':'172.30.0.200'}]}}}");
        rules.applyDefaults(svc);
        assertThat(canonical(svc)).isEqualTo(canonical(json("{'metadata':{'name':'s','namespace':'d'},'spec':{"
                + "'type':'LoadBalancer','sessionAffinity':'ClientIP','sessionAffinityConfig':{'clientIP':{"
                + "'timeoutSeconds':10800}},'ports':[{'port':443,'targetPort':443,'protocol':'TCP'}],"
                + "'externalTrafficPolicy':'Cluster','internalTrafficPolicy':'Cluster','allocateLoadBalancerNodePorts':true},"
                + "'status':{'loadBalancer':{'ingress':[{'ip':'172.30.0.200','ipMode':'VIP'}]}}}")));
        ObjectNode none = json("{'spec':{'sessionAffinityConfig':{'clientIP':{'timeoutSeconds':5}},'type':'ExternalName'}}");
        rules.applyDefaults(none);
        assertThat(none.get("spec").has("sessionAffinityConfig")).isFalse();
        assertThat(none.get("spec").has("internalTrafficPolicy")).isFalse();
    }

    record Case(String name, Consumer<ObjectNode> change, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("a service needs ports", s -> ((ObjectNode) s.get("spec")).putArray("ports"),
                        List.of("spec.ports: Required value")),
                new Case("two ports need names", s -> ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("spec")
                        .get("ports")).add(json("{'port':81}")),
                        List.of("spec.ports[0].name: Required value", "spec.ports[1].name: Required value")),
                new Case("port zero is out of range", s -> ((ObjectNode) s.get("spec").get("ports").get(0)).put("port", 0),
                        List.of("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")),
                new Case("a named target port must be an IANA name", s -> ((ObjectNode) s.get("spec").get("ports").get(0))
                        .put("targetPort", "HTTP"),
                        List.of("spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric"
                                + " characters (a-z, 0-9), and hyphens (-)",
                                "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)")),
                new Case("an ExternalName service needs a name", s -> {
                    ObjectNode spec = (ObjectNode) s.get("spec");
                    spec.put("type", "ExternalName");
                    spec.remove("ports");
                }, List.of("spec.externalName: Required value")),
                new Case("a service name must be a DNS-1035 label", s -> ((ObjectNode) s.get("metadata")).put("name", "9s"),
                        List.of("metadata.name: Invalid value: \"9s\": a DNS-1035 label must consist of lower case"
                                + " alphanumeric characters or '-', start with an alphabetic character, and end with an"
                                + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                                + " '[a-z]([-a-z0-9]*[a-z0-9])?')")),
                new Case("an unknown type is unsupported", s -> ((ObjectNode) s.get("spec")).put("type", "Magic"),
                        List.of("spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\","
                                + " \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
                new Case("a bad external IP is reported", s -> ((ObjectNode) s.get("spec")).putArray("externalIPs").add("1.2.3"),
                        List.of("spec.externalIPs[0]: Invalid value: \"1.2.3\": must be a valid IP address, (e.g."
                                + " 10.9.8.7 or 2001:db8::ffff)")),
                new Case("a bad session affinity is unsupported", s -> ((ObjectNode) s.get("spec")).put("sessionAffinity", "Sticky"),
                        List.of("spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"")));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidServicesAreRejected(Case c) {
        ObjectNode svc = exposed();
        ((ObjectNode) svc.get("spec")).put("type", "ClusterIP");
        c.change().accept(svc);
        rules.applyDefaults(svc);
        if (!svc.get("spec").get("type").asText().equals("ExternalName")) {
            allocate(svc);
        }
        assertThat(strings(rules.validate(svc))).containsExactlyElementsOf(c.expected());
    }

    @Test
    void clusterIpsMayNotChangeOnUpdate() {
        ObjectNode old = exposed();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "3");
        rules.applyDefaults(old);
        allocate(old);
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec")).put("clusterIP", "10.96.0.10").putArray("clusterIPs").add("10.96.0.10");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.10\"}: may not change once set");
    }

    @Test
    void aNodePortOnAClusterIpServiceIsForbidden() {
        ObjectNode svc = exposed();
        ((ObjectNode) svc.get("spec")).put("type", "ClusterIP");
        ((ObjectNode) svc.get("spec").get("ports").get(0)).put("nodePort", 30001);
        rules.applyDefaults(svc);
        allocate(svc);
        assertThat(createErrors(rules, svc)).containsExactly(
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    @Test
    void loadBalancerStatusNeedsIpModes() {
        ObjectNode old = exposed();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "3");
        ObjectNode now = old.deepCopy();
        now.set("status", json("{'loadBalancer':{'ingress':[{'ip':'172.30.0.200'}]}}"));
        assertThat(strings(rules.validateStatusUpdate(now, old))).containsExactly(
                "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'");
        ((ObjectNode) now.get("spec")).put("type", "LoadBalancer");
        assertThat(strings(rules.validateStatusUpdate(now, old))).containsExactly(
                "status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set");
    }
}
