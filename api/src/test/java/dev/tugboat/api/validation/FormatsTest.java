package dev.tugboat.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FormatsTest {

    static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
            + " '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for"
            + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
            + " and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for"
            + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
            + " with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex"
            + " used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    static final String NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must"
            + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
            + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    record Case(String name, List<String> actual, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a subdomain with dots is valid", Formats.dns1123Subdomain("example.com"), List.of()),
                new Case("an uppercase subdomain is rejected", Formats.dns1123Subdomain("Foo"), List.of(SUBDOMAIN_MSG)),
                new Case("a 254 character subdomain is too long", Formats.dns1123Subdomain("a".repeat(254)),
                        List.of("must be no more than 253 characters")),
                new Case("a label with dots says so", Formats.dns1123Label("a.b"), List.of("must not contain dots")),
                new Case("a label with underscore gets the pattern message", Formats.dns1123Label("a_b"), List.of(LABEL_MSG)),
                new Case("a 64 character label is too long", Formats.dns1123Label("a".repeat(64)),
                        List.of("must be no more than 63 characters")),
                new Case("a DNS-1035 label may not start with a digit", Formats.dns1035Label("1abc"), List.of(DNS1035_MSG)),
                new Case("a DNS-1035 label may start with a letter", Formats.dns1035Label("abc-1"), List.of()),
                new Case("a qualified name with a prefix is valid", Formats.qualifiedName("example.com/My_name"), List.of()),
                new Case("a qualified name with a space is rejected", Formats.qualifiedName("bad key!"), List.of(NAME_PART_MSG)),
                new Case("an empty prefix is rejected", Formats.qualifiedName("/x"), List.of("prefix part must be non-empty")),
                new Case("an empty name part gets both messages", Formats.qualifiedName(""),
                        List.of("name part must be non-empty", NAME_PART_MSG)),
                new Case("two slashes are rejected", Formats.qualifiedName("a/b/c"), List.of("a valid label key must consist"
                        + " of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                        + " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
                        + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/'"
                        + " (e.g. 'example.com/MyName')")),
                new Case("an empty label value is valid", Formats.labelValue(""), List.of()),
                new Case("a label value ending in a dash is rejected", Formats.labelValue("x-"), List.of("a valid label must be"
                        + " an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with"
                        + " an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation"
                        + " is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")),
                new Case("port 0 is out of range", Formats.portNumber(0), List.of("must be between 1 and 65535, inclusive")),
                new Case("a port name gets every applicable message", Formats.portName("-HTTP--0123456789-"), List.of(
                        "must be no more than 15 characters",
                        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                        "must contain at least one letter (a-z)",
                        "must not contain consecutive hyphens",
                        "must not begin or end with a hyphen")),
                new Case("a config key may not be dot-dot", Formats.configMapKey(".."), List.of("must not be '..'")),
                new Case("a config key with a slash is rejected", Formats.configMapKey("a/b"), List.of("a valid config key must"
                        + " consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or"
                        + " 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")),
                new Case("a percent needs the sign", Formats.percent("25"), List.of("a valid percent string must be a numeric"
                        + " string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")),
                new Case("path segments may not contain slashes", Formats.pathSegmentName("a/b", false),
                        List.of("may not contain '/'")),
                new Case("path segments may not be dot", Formats.pathSegmentName(".", false), List.of("may not be '.'")),
                new Case("env var names may not start with a digit", Formats.envVarName("1A"), List.of("a valid environment"
                        + " variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start"
                        + " with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation"
                        + " is '[-._a-zA-Z][-._a-zA-Z0-9]*')")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void formatChecksReturnUpstreamMessages(Case c) {
        assertThat(c.actual()).containsExactlyElementsOf(c.expected());
    }

    @Test
    void generateNamePrefixesMayEndWithADash() {
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", true)).isEmpty();
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", false)).containsExactly(SUBDOMAIN_MSG);
        assertThat(NameRule.DNS1035_LABEL.check("1web-", true)).containsExactly(DNS1035_MSG);
        assertThat(NameRule.DNS1123_LABEL.check("-", true)).isEmpty();
    }

    @Test
    void ipAddressesParseSloppilyWithoutLookups() {
        assertThat(IpAddresses.isIp("10.9.8.7")).isTrue();
        assertThat(IpAddresses.isIp("010.009.008.007")).isTrue();
        assertThat(IpAddresses.isIp("2001:db8::ffff")).isTrue();
        assertThat(IpAddresses.isIp("::ffff:1.2.3.4")).isTrue();
        assertThat(IpAddresses.isIp("256.1.1.1")).isFalse();
        assertThat(IpAddresses.isIp("localhost")).isFalse();
        assertThat(IpAddresses.isIp("[::1]")).isFalse();
        assertThat(IpAddresses.isIp("1.2.3")).isFalse();
        assertThat(IpAddresses.isIpv6("::1")).isTrue();
        assertThat(IpAddresses.isIpv6("::ffff:1.2.3.4")).isFalse();
        assertThat(IpAddresses.isCidr("10.0.0.0/8")).isTrue();
        assertThat(IpAddresses.isCidr("10.0.0.0/33")).isFalse();
        assertThat(IpAddresses.isCidr("2001:db8::/64")).isTrue();
        assertThat(IpAddresses.validateIp(dev.tugboat.api.errors.FieldPath.of("spec", "ip"), "x").getFirst().toString())
                .isEqualTo("spec.ip: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        assertThat(IpAddresses.validateNonSpecial(dev.tugboat.api.errors.FieldPath.of("ip"), "127.0.0.1").getFirst()
                .toString()).isEqualTo("ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)");
        assertThat(IpAddresses.validateNonSpecial(dev.tugboat.api.errors.FieldPath.of("ip"), "10.1.2.3")).isEmpty();
    }
}
