package dev.tugboat.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedUsageTest {

    private static final long MI = 1L << 20;

    @Test
    void oneSpecAppliesToEveryContainer() {
        SimulatedUsage u = SimulatedUsage.parse("cpu=250m,memory=64Mi");
        assertThat(u.of("web")).isEqualTo(new SimulatedUsage.Usage(250_000_000L, 64 * MI));
        assertThat(u.of("sidecar")).isEqualTo(new SimulatedUsage.Usage(250_000_000L, 64 * MI));
    }

    @Test
    void perContainerPartsOverrideTheDefaultPartAndTheIdleUsage() {
        SimulatedUsage u = SimulatedUsage.parse("cpu=100m; web:cpu=1.5,memory=1Gi ; log:memory=10M");
        assertThat(u.of("web")).isEqualTo(new SimulatedUsage.Usage(1_500_000_000L, 1024 * MI));
        assertThat(u.of("log")).isEqualTo(new SimulatedUsage.Usage(100_000_000L, 10_000_000L));
        assertThat(u.of("other")).isEqualTo(new SimulatedUsage.Usage(100_000_000L, MI));
    }

    @Test
    void withoutTheAnnotationAContainerIsIdle() {
        assertThat(SimulatedUsage.parse(null).of("x")).isEqualTo(SimulatedUsage.IDLE);
        assertThat(SimulatedUsage.IDLE).isEqualTo(new SimulatedUsage.Usage(0, MI));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cpu=lots", "gpu=1", "cpu=-1", ":cpu=1", "cpu=1,,memory=1Mi"})
    void aMalformedAnnotationIsIgnoredAsAWhole(String value) {
        assertThat(SimulatedUsage.tryParse(value)).isEmpty();
        assertThat(SimulatedUsage.parse(value).of("x")).isEqualTo(SimulatedUsage.IDLE);
    }
}
