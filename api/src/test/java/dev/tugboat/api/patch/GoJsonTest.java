package dev.tugboat.api.patch;

import static dev.tugboat.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoJsonTest {

    @Test
    void writesSortedCompactJsonWithGoEscapes() {
        assertThat(GoJson.write(json("{'b':[1,2.50,true,null],'a':{'z':'<&>','y':'\\u2028'}}")))
                .isEqualTo("{\"a\":{\"y\":\"\\u2028\",\"z\":\"\\u003c\\u0026\\u003e\"},\"b\":[1,2.5,true,null]}");
    }

    @Test
    void numbersPrintLikeGo() {
        assertThat(GoJson.number(json("80"))).isEqualTo("80");
        assertThat(GoJson.number(json("80.0"))).isEqualTo("80");
        assertThat(GoJson.number(json("1.5"))).isEqualTo("1.5");
        assertThat(GoJson.number(json("0"))).isEqualTo("0");
        assertThat(GoJson.number(json("1e21"))).isEqualTo("1e+21");
        assertThat(GoJson.number(json("1.5e-7"))).isEqualTo("1.5e-7");
    }

    @Test
    void hugeExponentsAreNeverExpanded() {
        long start = System.nanoTime();

        String s = GoJson.number(json("1e999999999"));

        assertThat(s).isEqualTo("Infinity");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void goFormatRendersLikePercentV() {
        assertThat(GoFormat.value(json("{'b':[1,'x'],'a':null}"))).isEqualTo("map[a:<nil> b:[1 x]]");
        assertThat(GoFormat.typeName(json("'s'"))).isEqualTo("string");
        assertThat(GoFormat.typeName(json("1.5"))).isEqualTo("float64");
    }

    @Test
    void valuesCompareByValueAndOrderAcrossTypes() {
        assertThat(JsonValues.equal(json("{'a':1,'b':[1.0]}"), json("{'b':[1],'a':1.00}"))).isTrue();
        assertThat(JsonValues.equal(json("1"), json("'1'"))).isFalse();
        assertThat(JsonValues.compare(json("2"), json("'1'"))).isNegative();
        assertThat(JsonValues.compare(json("'a'"), json("true"))).isNegative();
        assertThat(JsonValues.compare(json("'é'"), json("'z'"))).isPositive();
        assertThat(JsonValues.compareStrings("\uffff", "\ud83d\ude00")).isNegative();
    }
}
