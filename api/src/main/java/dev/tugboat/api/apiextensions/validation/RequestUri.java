package dev.tugboat.api.apiextensions.validation;

/**
 * The {@code uri} format: Go's {@code url.ParseRequestURI} succeeds. That is an absolute URI
 * ({@code scheme:...}) or an absolute path, without control characters, with a well-formed
 * authority (user info characters, host characters, numeric port) and valid percent escapes.
 * Stateless and thread-safe.
 */
final class RequestUri {

    private static final String HOST_PUNCTUATION = "-._~!$&'()*+,;=:[]<>\"";
    private static final String USERINFO_PUNCTUATION = "-._:~!$&'()*+,;=%@";

    private RequestUri() {
    }

    static boolean isValid(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        if (raw.isEmpty()) {
            return false;
        }
        if (raw.equals("*")) {
            return true;
        }
        int colon = schemeEnd(raw);
        if (colon == 0) {
            return false; // "missing protocol scheme"
        }
        boolean hasScheme = colon > 0;
        String rest = hasScheme ? raw.substring(colon + 1) : raw;
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else if (rest.indexOf('?') >= 0) {
            rest = rest.substring(0, rest.indexOf('?'));
        }
        if (!rest.startsWith("/")) {
            // Rootless paths after a scheme are opaque; without a scheme this is not a request URI.
            return hasScheme;
        }
        if (hasScheme && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            if (!validAuthority(slash < 0 ? authority : authority.substring(0, slash))) {
                return false;
            }
        }
        return validEscapes(rest, false);
    }

    /** The index of the scheme's colon, -1 when there is no scheme, 0 when the text starts with a colon. */
    private static int schemeEnd(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    private static boolean validAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        String host = at < 0 ? authority : authority.substring(at + 1);
        if (!validHost(host)) {
            return false;
        }
        if (at < 0) {
            return true;
        }
        String userinfo = authority.substring(0, at);
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            if (!(isAsciiAlnum(c) || USERINFO_PUNCTUATION.indexOf(c) >= 0)) {
                return false;
            }
        }
        return validEscapes(userinfo, false);
    }

    private static boolean validHost(String host) {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0 || !validOptionalPort(host.substring(close + 1))) {
                return false;
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                // RFC 6874 zone identifiers may escape anything; only the address and port parts are host text.
                return validEscapes(host.substring(0, zone), true) && validEscapes(host.substring(close), true);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                return false;
            }
        }
        return validEscapes(host, true);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's {@code unescape}: every {@code %} starts two hex digits; in a host, escapes may only encode
     * non-ASCII bytes (or {@code %25}) and plain ASCII must be a host character.
     */
    private static boolean validEscapes(String s, boolean host) {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                if (host && Character.digit(s.charAt(i + 1), 16) < 8 && !s.startsWith("%25", i)) {
                    return false;
                }
                i += 3;
                continue;
            }
            if (host && c < 0x80 && !isAsciiAlnum(c) && HOST_PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
            i++;
        }
        return true;
    }

    private static boolean isAsciiAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
