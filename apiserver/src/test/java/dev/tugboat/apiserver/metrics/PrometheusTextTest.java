package dev.tugboat.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextTest {

    @Test
    void readsAKubeletsResourceMetrics() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
                # TYPE container_cpu_usage_seconds_total counter
                container_cpu_usage_seconds_total{container="coredns",namespace="kube-system",pod="coredns-55968cc89d-bhhbx"} 0.195744 1691361886865
                # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
                # TYPE node_memory_working_set_bytes gauge
                node_memory_working_set_bytes 8.63531008e+08 1710222817924
                # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
                # TYPE resource_scrape_error gauge
                resource_scrape_error 0
                """);
        assertThat(samples).containsExactly(
                new PrometheusText.Sample("container_cpu_usage_seconds_total", Map.of("container", "coredns",
                        "namespace", "kube-system", "pod", "coredns-55968cc89d-bhhbx"), 0.195744,
                        OptionalLong.of(1691361886865L)),
                new PrometheusText.Sample("node_memory_working_set_bytes", Map.of(), 863531008,
                        OptionalLong.of(1710222817924L)),
                new PrometheusText.Sample("resource_scrape_error", Map.of(), 0, OptionalLong.empty()));
    }

    @Test
    void readsEscapesBlanksSpecialValuesAndOtherComments() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("# a free comment\r\n\n"
                + "m{a=\"x\\\"y\\\\z\\nw\", b = \"\",} +Inf\r\n"
                + "\tm:sub {a=\"}\"}\t-Inf  12\n"
                + "m NaN\n"
                + "m -1.5E-3 -5");
        assertThat(samples).hasSize(4);
        assertThat(samples.get(0).labels()).containsExactly(Map.entry("a", "x\"y\\z\nw"), Map.entry("b", ""));
        assertThat(samples.get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(1).name()).isEqualTo("m:sub");
        assertThat(samples.get(1).label("a")).isEqualTo("}");
        assertThat(samples.get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(1).timestampMillis()).hasValue(12);
        assertThat(samples.get(2).value()).isNaN();
        assertThat(samples.get(3).value()).isEqualTo(-0.0015);
        assertThat(samples.get(3).timestampMillis()).hasValue(-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"m", "m{a=\"b\"}", "m 1 2 3", "m{a=\"b} 1", "m{a=b} 1", "m{a=\"1\",a=\"2\"} 1",
            "m Infinity", "m 0x1p3", "m 1d", "m 1 1.5", "9m 1", "m{9a=\"x\"} 1", "# TYPE m countr",
            "# HELP", "m{a=\"b\"}1"})
    void rejectsWhatIsNotTheTextFormat(String line) {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n" + line + "\n"))
                .isInstanceOf(PrometheusText.FormatException.class).hasMessageStartingWith("line 2: ");
    }
}
