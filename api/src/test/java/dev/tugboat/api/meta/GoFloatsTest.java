package dev.tugboat.api.meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatsTest {

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "0.035062,0.035062", "254.050927655,254.050927655", "134934528,1.34934528e+08",
            "67108864,6.7108864e+07", "1000000,1e+06", "999999,999999", "0.0001,0.0001", "0.00001,1e-05",
            "1710211592.4097388,1.7102115924097388e+09", "-2.5,-2.5", "1e21,1e+21"})
    void formatsAsStrconvFormatFloatG(double v, String want) {
        assertThat(GoFloats.formatG(v)).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0.000001,0.000001", "0.0000001,1e-7", "1e20,100000000000000000000", "1e21,1e+21"})
    void formatsAsEncodingJson(double v, String want) {
        assertThat(GoFloats.formatJson(v)).isEqualTo(want);
    }
}
