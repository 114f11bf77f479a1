package dev.tugboat.controllers.daemonset;

import static dev.tugboat.controllers.Json5.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEligibilityTest {

    record Case(String name, String templateSpec, String node, boolean shouldRun, boolean shouldContinue) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String node(String spec) {
        return "{'metadata':{'name':'n1','labels':{'pool':'web'}},'spec':" + spec + "}";
    }

    static final String PLAIN = "{'containers':[{'name':'c','image':'i'}]}";

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a plain node runs the daemon", PLAIN, node("{}"), true, true),
                new Case("a nodeSelector that does not match keeps it off",
                        "{'nodeSelector':{'pool':'db'}}", node("{}"), false, false),
                new Case("an untolerated NoSchedule taint: no new pod, an existing one stays", PLAIN,
                        node("{'taints':[{'key':'dedicated','value':'db','effect':'NoSchedule'}]}"), false, true),
                new Case("an untolerated NoExecute taint: no pod at all", PLAIN,
                        node("{'taints':[{'key':'dedicated','effect':'NoExecute'}]}"), false, false),
                new Case("PreferNoSchedule does not matter", PLAIN,
                        node("{'taints':[{'key':'dedicated','effect':'PreferNoSchedule'}]}"), true, true),
                new Case("a tolerated taint is fine",
                        "{'tolerations':[{'key':'dedicated','operator':'Equal','value':'db','effect':'NoSchedule'}]}",
                        node("{'taints':[{'key':'dedicated','value':'db','effect':'NoSchedule'}]}"), true, true),
                new Case("daemons run on cordoned nodes (default toleration)", PLAIN,
                        node("{'unschedulable':true,'taints':[{'key':'node.kubernetes.io/unschedulable','effect':'NoSchedule'}]}"),
                        true, true),
                new Case("daemons stay on unreachable nodes (default toleration)", PLAIN,
                        node("{'taints':[{'key':'node.kubernetes.io/unreachable','effect':'NoExecute'}]}"), true, true),
                new Case("network-unavailable keeps ordinary daemons off", PLAIN,
                        node("{'taints':[{'key':'node.kubernetes.io/network-unavailable','effect':'NoSchedule'}]}"), false, true),
                new Case("but not host-network ones", "{'hostNetwork':true}",
                        node("{'taints':[{'key':'node.kubernetes.io/network-unavailable','effect':'NoSchedule'}]}"), true, true),
                new Case("a template nodeName for another node", "{'nodeName':'n2'}", node("{}"), false, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void nodeShouldRunDaemonPod(Case c) {
        ObjectNode ds = obj("{'spec':{'template':{'spec':" + c.templateSpec() + "}}}");
        assertThat(NodeEligibility.of(ds, obj(c.node())))
                .isEqualTo(new NodeEligibility(c.shouldRun(), c.shouldContinue()));
    }
}
