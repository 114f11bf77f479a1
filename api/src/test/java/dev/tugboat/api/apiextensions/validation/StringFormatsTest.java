package dev.tugboat.api.apiextensions.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StringFormatsTest {

    record Case(String format, String value, boolean valid) {
        @Override
        public String toString() {
            return format + " " + (valid ? "accepts" : "rejects") + " \"" + value + "\"";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("byte", "aGVsbG8=", true), new Case("byte", "aGVsbG8", false), new Case("byte", "", false),
                new Case("date", "2024-02-29", true), new Case("date", "2023-02-29", false),
                new Case("date", "2024-1-05", false),
                new Case("date-time", "2024-05-01T10:00:00Z", true),
                new Case("date-time", "2024-05-01t10:00:00.123+02:00", true),
                new Case("date-time", "2024-05-01T24:00:00Z", false), new Case("date-time", "2024-05-01", false),
                new Case("datetime", "2024-05-01T10:00:00Z", true),
                new Case("duration", "1h30m", true), new Case("duration", "1.5s", true),
                new Case("duration", "5 minutes", true), new Case("duration", "3d", true),
                new Case("duration", "forever", false), new Case("duration", "", false),
                new Case("uri", "https://example.com:8443/a?b=c", true), new Case("uri", "/just/a/path", true),
                new Case("uri", "mailto:someone", true), new Case("uri", "relative/path", false),
                new Case("uri", "http://exa mple.com/", false), new Case("uri", "http://host:port/", false),
                new Case("uri", "/bad%zzescape", false),
                new Case("email", "someone@example.com", true), new Case("email", "Some One <one@example.com>", true),
                new Case("email", "\"quoted local\"@example.com", true), new Case("email", "user@[10.0.0.1]", true),
                new Case("email", "no-at-sign", false), new Case("email", "a..b@example.com", false),
                new Case("email", "a@b@c", false),
                new Case("hostname", "example.com", true), new Case("hostname", "localhost", true),
                new Case("hostname", "-bad.com", false), new Case("hostname", "exa_mple.com", false),
                new Case("ipv4", "10.0.0.1", true), new Case("ipv4", "010.0.0.1", true),
                new Case("ipv4", "::1", false), new Case("ipv4", "10.0.0", false),
                new Case("ipv6", "2001:db8::1", true), new Case("ipv6", "10.0.0.1", false),
                new Case("cidr", "10.0.0.0/8", true), new Case("cidr", "10.0.0.0/33", false),
                new Case("mac", "00:00:5e:00:53:01", true), new Case("mac", "0000.5e00.5301", true),
                new Case("mac", "00-00-5e-00-53-01", true), new Case("mac", "00:00:5e:00:53", false),
                new Case("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
                new Case("uuid", "123E4567E89B12D3A456426614174000", true), new Case("uuid", "not-a-uuid", false),
                new Case("uuid4", "123e4567-e89b-42d3-a456-426614174000", true),
                new Case("uuid4", "123e4567-e89b-12d3-a456-426614174000", false),
                new Case("isbn10", "0-321-75104-3", true), new Case("isbn13", "978-0321751041", true),
                new Case("isbn", "0321751044", false),
                new Case("creditcard", "4111 1111 1111 1111", true), new Case("creditcard", "4111111111111112", false),
                new Case("ssn", "123-45-6789", true), new Case("ssn", "123456789", false),
                new Case("hexcolor", "#ff00AA", true), new Case("hexcolor", "#ff00A", false),
                new Case("rgbcolor", "rgb(255, 0, 10)", true), new Case("rgbcolor", "rgb(256,0,0)", false),
                new Case("bsonobjectid", "507f1f77bcf86cd799439011", true), new Case("bsonobjectid", "507f", false),
                new Case("password", "anything at all", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesAsTheUpstreamRegistry(Case c) {
        assertThat(StringFormats.isStringFormat(c.format())).isTrue();
        assertThat(StringFormats.validates(c.format(), c.value())).isEqualTo(c.valid());
    }

    @Test
    void unsupportedFormatsAreStrippedPerType() {
        assertThat(StringFormats.effective("date-time", List.of("string"))).isEqualTo("date-time");
        assertThat(StringFormats.effective("quantity", List.of("string"))).isEmpty();
        assertThat(StringFormats.effective("int32", List.of("string"))).isEmpty();
        assertThat(StringFormats.effective("int32", List.of("integer"))).isEqualTo("int32");
        assertThat(StringFormats.effective("uint64", List.of("integer"))).isEmpty();
        assertThat(StringFormats.effective("double", List.of("number"))).isEqualTo("double");
        assertThat(StringFormats.effective("byte", List.of("boolean"))).isEmpty();
        assertThat(StringFormats.effective("uri", List.of())).isEqualTo("uri");
    }
}
