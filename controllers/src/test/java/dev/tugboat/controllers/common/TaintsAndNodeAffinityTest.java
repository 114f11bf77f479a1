package dev.tugboat.controllers.common;

import static dev.tugboat.controllers.Json5.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaintsAndNodeAffinityTest {

    record TolerationCase(String name, String toleration, String taint, boolean tolerates) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<TolerationCase> tolerations() {
        return Stream.of(
                new TolerationCase("equal key and value", "{'key':'k','operator':'Equal','value':'v'}",
                        "{'key':'k','value':'v','effect':'NoSchedule'}", true),
                new TolerationCase("the default operator is Equal", "{'key':'k','value':'v'}",
                        "{'key':'k','value':'w','effect':'NoSchedule'}", false),
                new TolerationCase("Exists ignores the value", "{'key':'k','operator':'Exists'}",
                        "{'key':'k','value':'w','effect':'NoExecute'}", true),
                new TolerationCase("an empty key with Exists tolerates everything", "{'operator':'Exists'}",
                        "{'key':'any','effect':'NoExecute'}", true),
                new TolerationCase("the effect must match when given",
                        "{'key':'k','operator':'Exists','effect':'NoSchedule'}", "{'key':'k','effect':'NoExecute'}", false),
                new TolerationCase("another key is not tolerated", "{'key':'j','operator':'Exists'}",
                        "{'key':'k','effect':'NoSchedule'}", false));
    }

    @ParameterizedTest
    @MethodSource("tolerations")
    void tolerationsMatchTaintsAsUpstream(TolerationCase c) {
        assertThat(Taints.tolerates(obj(c.toleration()), obj(c.taint()))).isEqualTo(c.tolerates());
    }

    record AffinityCase(String name, String podSpec, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String NODE = "{'metadata':{'name':'n1','labels':{'zone':'a','cpus':'8'}}}";

    static String required(String terms) {
        return "{'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
                + terms + "}}}}";
    }

    static Stream<AffinityCase> affinities() {
        return Stream.of(
                new AffinityCase("no constraints", "{}", true),
                new AffinityCase("matching nodeSelector", "{'nodeSelector':{'zone':'a'}}", true),
                new AffinityCase("other nodeSelector", "{'nodeSelector':{'zone':'b'}}", false),
                new AffinityCase("In", required("[{'matchExpressions':[{'key':'zone','operator':'In','values':['a','b']}]}]"), true),
                new AffinityCase("NotIn on a missing label", required("[{'matchExpressions':[{'key':'gpu','operator':'NotIn','values':['x']}]}]"), true),
                new AffinityCase("DoesNotExist", required("[{'matchExpressions':[{'key':'zone','operator':'DoesNotExist'}]}]"), false),
                new AffinityCase("Gt", required("[{'matchExpressions':[{'key':'cpus','operator':'Gt','values':['4']}]}]"), true),
                new AffinityCase("Lt", required("[{'matchExpressions':[{'key':'cpus','operator':'Lt','values':['4']}]}]"), false),
                new AffinityCase("terms are ORed", required("[{'matchExpressions':[{'key':'zone','operator':'In','values':['b']}]},"
                        + "{'matchFields':[{'key':'metadata.name','operator':'In','values':['n1']}]}]"), true),
                new AffinityCase("expressions of a term are ANDed", required("[{'matchExpressions':[{'key':'zone','operator':'In','values':['a']}],"
                        + "'matchFields':[{'key':'metadata.name','operator':'In','values':['n2']}]}]"), false),
                new AffinityCase("an empty term matches nothing", required("[{}]"), false),
                new AffinityCase("matchFields NotIn", required("[{'matchFields':[{'key':'metadata.name','operator':'NotIn','values':['n1']}]}]"), false));
    }

    @ParameterizedTest
    @MethodSource("affinities")
    void requiredNodeAffinityMatchesAsUpstream(AffinityCase c) {
        assertThat(NodeAffinity.requiredMatches(obj(c.podSpec()), obj(NODE))).isEqualTo(c.matches());
    }
}
