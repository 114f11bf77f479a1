package dev.tugboat.api.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Label key and value syntax checks with apimachinery's messages (facts §2.3, §2.5). Each method
 * returns the list of problems, empty when the input is valid.
 */
public final class LabelSyntax {

    private static final String NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern NAME = Pattern.compile(NAME_FMT);
    private static final String NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String VALUE_FMT = "(" + NAME_FMT + ")?";
    private static final String VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final String SUBDOMAIN_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final int NAME_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private LabelSyntax() {
    }

    /** Problems with a label key: optional DNS-subdomain prefix, {@code /}, and a name of at most 63 characters. */
    public static List<String> keyErrors(String key) {
        List<String> errs = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errs.add("prefix part must be non-empty");
                } else {
                    for (String msg : subdomainErrors(prefix)) {
                        errs.add("prefix part " + msg);
                    }
                }
            }
            default -> {
                errs.add("a valid label key " + regexError(NAME_MSG, NAME_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > NAME_MAX) {
            errs.add("name part must be no more than " + NAME_MAX + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            errs.add("name part " + regexError(NAME_MSG, NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** Problems with a label value: empty, or at most 63 characters of the name alphabet. */
    public static List<String> valueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > NAME_MAX) {
            errs.add("must be no more than " + NAME_MAX + " characters");
        }
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            errs.add(regexError(VALUE_MSG, VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** Problems with a DNS-1123 subdomain (at most 253 characters). */
    public static List<String> subdomainErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > SUBDOMAIN_MAX) {
            errs.add("must be no more than " + SUBDOMAIN_MAX + " characters");
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    /** apimachinery's example list quirk: each example is written {@code 'x', } and joined with {@code  or }. */
    private static String regexError(String msg, String fmt, String... examples) {
        StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append('\'').append(examples[i]).append("', ");
        }
        return sb.append("regex used for validation is '").append(fmt).append("')").toString();
    }
}
