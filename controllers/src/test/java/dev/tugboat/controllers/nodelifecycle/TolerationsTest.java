package dev.tugboat.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.controllers.nodelifecycle.Tolerations.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The toleration-seconds arithmetic of taint-based eviction. */
class TolerationsTest {

    static final Taint UNREACHABLE = NodeTaints.UNREACHABLE_NO_EXECUTE;
    static final Taint NOT_READY = NodeTaints.NOT_READY_NO_EXECUTE;
    static final Taint CUSTOM = new Taint("dedicated", "gpu", "NoExecute");

    record Case(String name, List<Taint> taints, String tolerations, Verdict want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static JsonNode json(String s) {
        try {
            return Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no taints keep every pod", List.of(), "[]", new Verdict.Keep()),
                new Case("an untolerated taint evicts at once", List.of(UNREACHABLE), "[]", new Verdict.EvictNow()),
                new Case("a toleration with seconds delays the eviction", List.of(UNREACHABLE),
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute',"
                                + "'tolerationSeconds':300}]", new Verdict.EvictAfter(Duration.ofSeconds(300))),
                new Case("a toleration without seconds keeps the pod forever", List.of(UNREACHABLE),
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists'}]", new Verdict.Keep()),
                new Case("zero or negative seconds evict at once", List.of(UNREACHABLE),
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists','tolerationSeconds':0}]",
                        new Verdict.EvictNow()),
                new Case("the shortest of several tolerations wins", List.of(UNREACHABLE, CUSTOM),
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists','tolerationSeconds':300},"
                                + "{'key':'dedicated','value':'gpu','tolerationSeconds':30}]",
                        new Verdict.EvictAfter(Duration.ofSeconds(30))),
                new Case("one untolerated taint among tolerated ones evicts at once", List.of(UNREACHABLE, CUSTOM),
                        "[{'key':'node.kubernetes.io/unreachable','operator':'Exists','tolerationSeconds':300}]",
                        new Verdict.EvictNow()),
                new Case("Equal needs the same value", List.of(CUSTOM),
                        "[{'key':'dedicated','operator':'Equal','value':'cpu'}]", new Verdict.EvictNow()),
                new Case("an empty key with Exists tolerates everything", List.of(UNREACHABLE, CUSTOM),
                        "[{'operator':'Exists'}]", new Verdict.Keep()),
                new Case("a NoSchedule toleration does not tolerate NoExecute", List.of(NOT_READY),
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoSchedule'}]",
                        new Verdict.EvictNow()),
                new Case("the first matching toleration of a taint counts", List.of(NOT_READY),
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','tolerationSeconds':60},"
                                + "{'operator':'Exists'}]", new Verdict.EvictAfter(Duration.ofSeconds(60))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verdict(Case c) {
        assertThat(Tolerations.verdict(c.taints(), json(c.tolerations()))).isEqualTo(c.want());
    }
}
