package dev.tugboat.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoScalarsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "aGk=", "aGVsbG8=", "aGVsbG8h", "aG\nVs\r\nbG8=", "aQ==", "aQ=\n=", "+/+/"})
    void standardPaddedBase64IsAccepted(String s) {
        assertThat(GoScalars.base64Error(s)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "!!!notbase64|0",
        "aGk|0",        // unpadded final quantum
        "aGVsbG8|4",
        "a===|1",       // padding too early
        "aQ=|3",        // one '=' where two are needed
        "aQ=x|2",
        "aGk=aGk=|4",   // data after padding
        "aGVs-G8=|4",   // URL alphabet
    })
    void malformedBase64IsReportedAtGosOffset(String s, int at) {
        assertThat(GoScalars.base64Error(s)).contains("illegal base64 data at input byte " + at);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00Z", "2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00.5Z",
        "2024-02-29T23:59:59-07:30", "2024-05-01T9:00:00Z"})
    void rfc3339TimesParse(String s) {
        assertThat(GoScalars.timeError(s, GoScalars.RFC3339)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "yesterday|parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"",
        "2024-05-01 10:00:00Z|parsing time \"2024-05-01 10:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": "
                + "cannot parse \" 10:00:00Z\" as \"T\"",
        "2024-13-01T10:00:00Z|parsing time \"2024-13-01T10:00:00Z\": month out of range",
        "2023-02-29T10:00:00Z|parsing time \"2023-02-29T10:00:00Z\": day out of range",
        "2024-05-01T24:00:00Z|parsing time \"2024-05-01T24:00:00Z\": hour out of range",
        "2024-05-01T10:00:00|parsing time \"2024-05-01T10:00:00\" as \"2006-01-02T15:04:05Z07:00\": "
                + "cannot parse \"\" as \"Z07:00\"",
        "2024-05-01T10:00:00Zjunk|parsing time \"2024-05-01T10:00:00Zjunk\": extra text: \"junk\"",
        "''|parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\"",
    })
    void malformedTimesGetGosMessage(String s, String message) {
        assertThat(GoScalars.timeError(s, GoScalars.RFC3339)).contains(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00.123456Z", "2024-05-01T10:00:00.000000+01:00"})
    void microTimesNeedSixFractionalDigits(String s) {
        assertThat(GoScalars.timeError(s, GoScalars.RFC3339_MICRO)).isEmpty();
        assertThat(GoScalars.timeError("2024-05-01T10:00:00.123Z", GoScalars.RFC3339_MICRO)).isPresent();
    }
}
