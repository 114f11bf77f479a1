package dev.tugboat.api.validation;

import java.util.List;

/**
 * How {@code metadata.name} (and {@code generateName}, as a prefix) of a kind is checked, as upstream's
 * {@code ValidateNameFunc} variants.
 */
public enum NameRule {
    /** Most kinds. */
    DNS1123_SUBDOMAIN,
    /** Namespaces. */
    DNS1123_LABEL,
    /** Services. */
    DNS1035_LABEL,
    /** RBAC roles and bindings. */
    PATH_SEGMENT;

    /**
     * The problems with {@code name}; {@code prefix} marks a generateName, whose trailing dash is allowed
     * because characters get appended.
     */
    public List<String> check(String name, boolean prefix) {
        String n = prefix && this != PATH_SEGMENT ? maskTrailingDash(name) : name;
        return switch (this) {
            case DNS1123_SUBDOMAIN -> Formats.dns1123Subdomain(n);
            case DNS1123_LABEL -> Formats.dns1123Label(n);
            case DNS1035_LABEL -> Formats.dns1035Label(n);
            case PATH_SEGMENT -> Formats.pathSegmentName(n, prefix);
        };
    }

    /** Upstream replaces the last two characters by {@code a} when the prefix ends with a dash. */
    private static String maskTrailingDash(String name) {
        if (!name.endsWith("-")) {
            return name;
        }
        return name.length() < 2 ? "a" : name.substring(0, name.length() - 2) + "a";
    }
}
