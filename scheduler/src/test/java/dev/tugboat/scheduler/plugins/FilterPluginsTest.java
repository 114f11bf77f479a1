package dev.tugboat.scheduler.plugins;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static dev.tugboat.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.plugins.nodeaffinity.NodeAffinity;
import dev.tugboat.scheduler.plugins.nodename.NodeName;
import dev.tugboat.scheduler.plugins.nodeports.NodePorts;
import dev.tugboat.scheduler.plugins.noderesources.Fit;
import dev.tugboat.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import dev.tugboat.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-node filters that need no PreFilter state, as tables. */
class FilterPluginsTest {

    record Case(String name, FilterPlugin plugin, ObjectNode pod, NodeInfo node, Status.Code code, List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Status.Code OK = Status.Code.SUCCESS;
    static final Status.Code NO = Status.Code.UNSCHEDULABLE;
    static final Status.Code NEVER = Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE;

    static ObjectNode with(ObjectNode pod, String field, String jsonValue) {
        spec(pod).set(field, json("{'v':" + jsonValue + "}").get("v"));
        return pod;
    }

    static NodeInfo n(ObjectNode node, PodInfo... pods) {
        return nodeInfo(node, pods);
    }

    static PodInfo on(ObjectNode pod) {
        return PodInfo.from(pod);
    }

    static Stream<Case> cases() {
        ObjectNode plain = node("n1", "2", "4Gi", 3);
        ObjectNode cordoned = node("n1", "2", "4Gi", 3);
        cordoned.with("spec").put("unschedulable", true);
        ObjectNode gpuNode = node("n1", "2", "4Gi", 3);
        gpuNode.with("status").with("allocatable").put("example.com/gpu", "1");
        return Stream.of(
                new Case("a pod fits an empty node", new Fit(), pod("ns", "p", "1", "1Gi"), n(plain), OK, List.of()),
                new Case("cpu and memory short are both reported", new Fit(), pod("ns", "p", "3", "5Gi"), n(plain), NO,
                        List.of("Insufficient cpu", "Insufficient memory")),
                new Case("existing requests count", new Fit(), pod("ns", "p", "1500m", null),
                        n(plain, on(pod("ns", "a", "1", null))), NO, List.of("Insufficient cpu")),
                new Case("the pod count is checked even without requests", new Fit(), pod("ns", "p", null, null),
                        n(plain, on(pod("ns", "a", null, null)), on(pod("ns", "b", null, null)),
                                on(pod("ns", "c", null, null))), NO, List.of("Too many pods")),
                new Case("extended resources are checked", new Fit(), gpu(2), n(gpuNode), NO,
                        List.of("Insufficient example.com/gpu")),
                new Case("an extended resource within allocatable fits", new Fit(), gpu(1), n(gpuNode), OK, List.of()),
                new Case("a cordoned node is rejected", new NodeUnschedulable(), pod("ns", "p", null, null), n(cordoned),
                        NEVER, List.of("node(s) were unschedulable")),
                new Case("the unschedulable taint toleration admits a cordoned node", new NodeUnschedulable(),
                        with(pod("ns", "p", null, null), "tolerations",
                                "[{'key':'node.kubernetes.io/unschedulable','operator':'Exists','effect':'NoSchedule'}]"),
                        n(cordoned), OK, List.of()),
                new Case("another node name is rejected", new NodeName(),
                        with(pod("ns", "p", null, null), "nodeName", "'n2'"), n(plain), NEVER,
                        List.of("node(s) didn't match the requested node name")),
                new Case("a missing selector label is rejected", new NodeAffinity(),
                        with(pod("ns", "p", null, null), "nodeSelector", "{'disk':'ssd'}"), n(plain), NEVER,
                        List.of("node(s) didn't match Pod's node affinity/selector")),
                new Case("a matching selector label is admitted", new NodeAffinity(),
                        with(pod("ns", "p", null, null), "nodeSelector", "{'disk':'ssd'}"),
                        n(label(node("n1", "1", "1Gi", 3), "disk", "ssd")), OK, List.of()),
                new Case("required affinity terms are ORed", new NodeAffinity(),
                        with(pod("ns", "p", null, null), "affinity", "{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                                + "{'nodeSelectorTerms':[{'matchExpressions':[{'key':'disk','operator':'In','values':['nvme']}]},"
                                + "{'matchExpressions':[{'key':'cores','operator':'Gt','values':['8']}]}]}}}"),
                        n(label(node("n1", "1", "1Gi", 3), "cores", "16")), OK, List.of()),
                new Case("matchFields on metadata.name", new NodeAffinity(),
                        with(pod("ns", "p", null, null), "affinity", "{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                                + "{'nodeSelectorTerms':[{'matchFields':[{'key':'metadata.name','operator':'In','values':['n2']}]}]}}}"),
                        n(plain), NEVER, List.of("node(s) didn't match Pod's node affinity/selector")),
                new Case("an untolerated NoSchedule taint is named", new TaintToleration(), pod("ns", "p", null, null),
                        n(taint(node("n1", "1", "1Gi", 3), "dedicated", "db", "NoSchedule")), NEVER,
                        List.of("node(s) had untolerated taint {dedicated: db}")),
                new Case("PreferNoSchedule taints do not filter", new TaintToleration(), pod("ns", "p", null, null),
                        n(taint(node("n1", "1", "1Gi", 3), "dedicated", "db", "PreferNoSchedule")), OK, List.of()),
                new Case("an Exists toleration without key tolerates everything", new TaintToleration(),
                        with(pod("ns", "p", null, null), "tolerations", "[{'operator':'Exists'}]"),
                        n(taint(node("n1", "1", "1Gi", 3), "a", "b", "NoExecute")), OK, List.of()),
                new Case("a used host port conflicts", new NodePorts(), hostPort(pod("ns", "p", null, null), 80, ""),
                        n(plain, on(hostPort(pod("ns", "a", null, null), 80, "10.0.0.1"))), NO,
                        List.of("node(s) didn't have free ports for the requested pod ports")),
                new Case("different host IPs do not conflict", new NodePorts(),
                        hostPort(pod("ns", "p", null, null), 80, "10.0.0.2"),
                        n(plain, on(hostPort(pod("ns", "a", null, null), 80, "10.0.0.1"))), OK, List.of()));
    }

    static ObjectNode gpu(int n) {
        ObjectNode p = pod("ns", "p", "100m", null);
        ((ObjectNode) p.at("/spec/containers/0/resources/requests")).put("example.com/gpu", String.valueOf(n));
        return p;
    }

    static ObjectNode hostPort(ObjectNode pod, int port, String ip) {
        ObjectNode c = (ObjectNode) pod.at("/spec/containers/0");
        ObjectNode p = c.putArray("ports").addObject().put("containerPort", port).put("hostPort", port);
        if (!ip.isEmpty()) {
            p.put("hostIP", ip);
        }
        return pod;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        Status s = c.plugin().filter(new CycleState(), PodInfo.from(c.pod()), c.node());
        assertThat(s.code()).isEqualTo(c.code());
        assertThat(s.reasons()).isEqualTo(c.reasons());
    }
}
