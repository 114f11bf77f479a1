package dev.tugboat.api.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuantityTest {

    record Case(String input, String canonical) {
        @Override
        public String toString() {
            return input + " -> " + canonical;
        }
    }

    static Stream<Case> canonicalForms() {
        return Stream.of(
                new Case("0", "0"),
                new Case("0m", "0"),
                new Case("0Ki", "0"),
                new Case("1", "1"),
                new Case("100m", "100m"),
                new Case("0.5", "500m"),
                new Case("1000m", "1"),
                new Case("1500m", "1500m"),
                new Case("1.5", "1500m"),
                new Case("1000", "1k"),
                new Case("1024Mi", "1Gi"),
                new Case("1.5Gi", "1536Mi"),
                new Case("1536Mi", "1536Mi"),
                new Case("0.5Gi", "512Mi"),
                new Case("1.5Ki", "1536"),
                new Case("0.5Ki", "512"),
                new Case("512Ki", "512Ki"),
                new Case("1Ki", "1Ki"),
                new Case("2048", "2048"),
                new Case("128974848", "128974848"),
                new Case("129e6", "129e6"),
                new Case("129M", "129M"),
                new Case("1e3", "1e3"),
                new Case("1E3", "1E3"),
                new Case("12e2", "1200"),
                new Case("1.5e3", "1500"),
                new Case("0.0001", "100u"),
                new Case("0.0000000001", "1n"),
                new Case("1n", "1n"),
                new Case("1u", "1u"),
                new Case("-1", "-1"),
                new Case("-0.5", "-500m"),
                new Case("-1.5Gi", "-1536Mi"),
                new Case("+1", "+1"),
                new Case(".5", "500m"),
                new Case("5.", "5."),
                new Case("Gi", "0"),
                new Case("2G", "2G"),
                new Case("2000M", "2G"),
                new Case("1E", "1E"),
                new Case("1Ei", "1Ei"),
                new Case("10Gi", "10Gi"),
                new Case("100", "100"));
    }

    @ParameterizedTest
    @MethodSource("canonicalForms")
    void parsedQuantitiesPrintInCanonicalForm(Case c) {
        assertThat(Quantity.parse(c.input()).toString()).isEqualTo(c.canonical());
    }

    static Stream<String> badSyntax() {
        return Stream.of("", "abc", "1x", "1.2.3", "1 Gi", "1Gi ", "1e3.5", "1Gi3x");
    }

    @ParameterizedTest
    @MethodSource("badSyntax")
    void malformedTextIsRejectedWithTheRegexMessage(String input) {
        assertThatThrownBy(() -> Quantity.parse(input))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessage("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    static Stream<String> badSuffix() {
        return Stream.of("1K", "1ki", "1mi", "1e", "1Mi3", "1kk", "1Gim", "--1");
    }

    @ParameterizedTest
    @MethodSource("badSuffix")
    void unknownSuffixesAreRejectedWithTheSuffixMessage(String input) {
        assertThatThrownBy(() -> Quantity.parse(input))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessage("unable to parse quantity's suffix");
    }

    @Test
    void jsonNumbersParseAsQuantities() {
        assertThat(Quantity.parse(JsonNodeFactory.instance.numberNode(2)).toString()).isEqualTo("2");
        assertThat(Quantity.parse(JsonNodeFactory.instance.numberNode(new java.math.BigDecimal("0.25"))).toString())
                .isEqualTo("250m");
        assertThatThrownBy(() -> Quantity.parse(JsonNodeFactory.instance.booleanNode(true)))
                .isInstanceOf(QuantityFormatException.class);
    }

    @Test
    void comparisonIgnoresTheSuffixFamily() {
        assertThat(Quantity.parse("1Gi")).isEqualByComparingTo(Quantity.parse("1073741824"));
        assertThat(Quantity.parse("1k")).isEqualTo(Quantity.parse("1000"));
        assertThat(Quantity.parse("500m").compareTo(Quantity.parse("1"))).isNegative();
        assertThat(Quantity.parse("2").compareTo(Quantity.parse("1"))).isPositive();
    }

    @Test
    void arithmeticKeepsTheLeftFormat() {
        assertThat(Quantity.parse("1Gi").add(Quantity.parse("512Mi")).toString()).isEqualTo("1536Mi");
        assertThat(Quantity.parse("1").subtract(Quantity.parse("250m")).toString()).isEqualTo("750m");
        assertThat(Quantity.parse("1").negate().toString()).isEqualTo("-1");
    }

    @Test
    void milliValueAndValueRoundUp() {
        assertThat(Quantity.parse("1.5").milliValue()).isEqualTo(1500);
        assertThat(Quantity.parse("1n").milliValue()).isEqualTo(1);
        assertThat(Quantity.parse("1500m").value()).isEqualTo(2);
        assertThat(Quantity.parse("1Ki").value()).isEqualTo(1024);
        assertThat(Quantity.parse("-1500m").value()).isEqualTo(-1);
    }

    @Test
    void roundingUpToMilliOnlyTouchesFinerValues() {
        assertThat(Quantity.parse("0.0001").roundUpToMilli().toString()).isEqualTo("1m");
        assertThat(Quantity.parse("1.0001").roundUpToMilli().toString()).isEqualTo("1001m");
        assertThat(Quantity.parse("100m").roundUpToMilli().toString()).isEqualTo("100m");
        assertThat(Quantity.parse("1E3").roundUpToMilli().toString()).isEqualTo("1E3");
        assertThat(Quantity.parse("-0.0001").roundUpToMilli().toString()).isEqualTo("-1m");
    }

    @Test
    void integersAreRecognised() {
        assertThat(Quantity.parse("2").isInteger()).isTrue();
        assertThat(Quantity.parse("2000m").isInteger()).isTrue();
        assertThat(Quantity.parse("1500m").isInteger()).isFalse();
    }

    @Test
    void factoriesBuildCanonicalValues() {
        assertThat(Quantity.ofMilli(1500).toString()).isEqualTo("1500m");
        assertThat(Quantity.of(2048, Quantity.Format.BINARY_SI).toString()).isEqualTo("2Ki");
        assertThat(Quantity.ZERO.isZero()).isTrue();
    }
}
