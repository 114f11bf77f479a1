package dev.tugboat.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * String format checks with apimachinery's exact messages ({@code k8s.io/apimachinery/pkg/util/validation}).
 * Each returns the list of problems, empty when the value is valid; the length check comes before the
 * pattern check. Stateless and thread-safe.
 */
public final class Formats {

    public static final int DNS1123_LABEL_MAX = 63;
    public static final int DNS1123_SUBDOMAIN_MAX = 253;
    public static final int LABEL_VALUE_MAX = 63;

    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String WILDCARD_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT;
    private static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
    private static final String PERCENT_FMT = "[0-9]+%";
    private static final String HTTP_HEADER_FMT = "[-A-Za-z0-9]+";
    private static final String ENV_VAR_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern WILDCARD = Pattern.compile(WILDCARD_FMT);
    private static final Pattern LABEL_KEY = Pattern.compile(LABEL_KEY_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern HTTP_HEADER = Pattern.compile(HTTP_HEADER_FMT);
    private static final Pattern ENV_VAR = Pattern.compile(ENV_VAR_FMT);
    private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*", Pattern.DOTALL);

    private static final String LABEL_KEY_MSG =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private Formats() {
    }

    /** {@code must be no more than N characters}. */
    public static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    /** {@code must be between lo and hi, inclusive}. */
    public static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    /** Upstream's regex explanation, including its {@code 'a',  or 'b', } example quirk. */
    public static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append('\'').append(examples[i]).append("', ");
        }
        return sb.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    public static List<String> dns1123Label(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_LABEL_MAX) {
            errs.add(maxLenError(DNS1123_LABEL_MAX));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errs.add("must not contain dots");
            } else {
                errs.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
                        + " and must start and end with an alphanumeric character", DNS1123_LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errs;
    }

    public static List<String> dns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_SUBDOMAIN_MAX) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                    + " and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    public static List<String> dns1035Label(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_LABEL_MAX) {
            errs.add(maxLenError(DNS1123_LABEL_MAX));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errs.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
                    + " alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errs;
    }

    public static List<String> wildcardDns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_SUBDOMAIN_MAX) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        }
        if (!WILDCARD.matcher(value).matches()) {
            errs.add(regexError("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which"
                    + " must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
                    WILDCARD_FMT, "*.example.com"));
        }
        return errs;
    }

    /** A qualified name (label key): optional DNS subdomain prefix and {@code /}, then a name of up to 63 characters. */
    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errs.add("prefix part must be non-empty");
                } else {
                    for (String msg : dns1123Subdomain(prefix)) {
                        errs.add("prefix part " + msg);
                    }
                }
            }
            default -> {
                errs.add("a valid label key " + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > LABEL_VALUE_MAX) {
            errs.add("name part " + maxLenError(LABEL_VALUE_MAX));
        }
        if (!LABEL_KEY.matcher(name).matches()) {
            errs.add("name part " + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > LABEL_VALUE_MAX) {
            errs.add(maxLenError(LABEL_VALUE_MAX));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',"
                    + " and must start and end with an alphanumeric character", LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    public static List<String> portNumber(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    /** IANA_SVC_NAME: at most 15 of {@code [-a-z0-9]}, at least one letter, no {@code --}, no edge hyphen. */
    public static List<String> portName(String port) {
        List<String> errs = new ArrayList<>();
        if (port.length() > 15) {
            errs.add(maxLenError(15));
        }
        if (!PORT_NAME_CHARS.matcher(port).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!HAS_LETTER.matcher(port).matches()) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    public static List<String> configMapKey(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_SUBDOMAIN_MAX) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        }
        if (!CONFIG_KEY.matcher(value).matches()) {
            errs.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        errs.addAll(chDirPrefix(value));
        return errs;
    }

    public static List<String> envVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (!ENV_VAR.matcher(value).matches()) {
            errs.add(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-',"
                    + " or '.', and must not start with a digit", ENV_VAR_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }
        errs.addAll(chDirPrefix(value));
        return errs;
    }

    /** The relaxed env var rule (on by default since 1.32): printable ASCII other than {@code =}. */
    public static List<String> relaxedEnvVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (value.isEmpty()) {
            errs.add("environment variable name must be non-empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 126 || c < 32 || c == '=') {
                errs.add("a valid environment variable name must consist only of printable ASCII characters other than '='");
                break;
            }
        }
        return errs;
    }

    public static List<String> percent(String value) {
        if (!PERCENT.matcher(value).matches()) {
            return List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'",
                    PERCENT_FMT, "1%", "93%"));
        }
        return List.of();
    }

    public static List<String> httpHeaderName(String value) {
        if (!HTTP_HEADER.matcher(value).matches()) {
            return List.of(regexError("a valid HTTP header must consist of alphanumeric characters or '-'",
                    HTTP_HEADER_FMT, "X-Header-Name"));
        }
        return List.of();
    }

    /** Path segment names (RBAC objects): not {@code .} or {@code ..}, no {@code /} or {@code %}. */
    public static List<String> pathSegmentName(String name, boolean prefix) {
        List<String> errs = new ArrayList<>();
        if (prefix) {
            // A prefix gets characters appended, so only the forbidden substrings matter.
            if (name.contains("/")) {
                errs.add("may not contain '/'");
            }
            if (name.contains("%")) {
                errs.add("may not contain '%'");
            }
            return errs;
        }
        if (name.equals(".") || name.equals("..")) {
            errs.add("may not be '" + name + "'");
            return errs;
        }
        if (name.contains("/")) {
            errs.add("may not contain '/'");
        }
        if (name.contains("%")) {
            errs.add("may not contain '%'");
        }
        return errs;
    }

    public static List<String> userId(long id) {
        return id >= 0 && id <= 0xffffffffL ? List.of() : List.of(inclusiveRangeError(0, 4294967295L));
    }

    private static List<String> chDirPrefix(String value) {
        if (value.equals(".")) {
            return List.of("must not be '.'");
        }
        if (value.equals("..")) {
            return List.of("must not be '..'");
        }
        if (value.startsWith("..")) {
            return List.of("must not start with '..'");
        }
        return List.of();
    }
}
