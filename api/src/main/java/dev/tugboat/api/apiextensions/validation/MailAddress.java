package dev.tugboat.api.apiextensions.validation;

import dev.tugboat.api.validation.IpAddresses;

/**
 * The {@code email} format: Go's {@code net/mail.ParseAddress} accepts the text as one address.
 * That is an RFC 5322 addr-spec ({@code local@domain}, dot-atoms or a quoted local part, a domain
 * literal holding an IP), optionally as {@code Display Name <addr-spec>} or a one-address group,
 * with parenthesised comments allowed where whitespace is. RFC 2047 encoded words in display names
 * are taken as plain atoms. Single use: one instance parses one text, on one thread.
 */
final class MailAddress {

    private String s;

    private MailAddress(String s) {
        this.s = s;
    }

    static boolean isValid(String text) {
        MailAddress p = new MailAddress(text);
        int count = p.address(true);
        if (count != 1 || !p.skipComments()) {
            return false;
        }
        return p.s.isEmpty();
    }

    /** The number of addresses parsed (a group may hold several), or -1 on a syntax error. */
    private int address(boolean allowGroup) {
        skipSpace();
        if (s.isEmpty()) {
            return -1;
        }
        String saved = s;
        if (addrSpec()) {
            skipSpace();
            if (!s.isEmpty() && s.charAt(0) == '(') {
                s = s.substring(1);
                return comment() ? 1 : -1;
            }
            return 1;
        }
        s = saved;
        if (s.charAt(0) != '<' && !phrase()) {
            return -1;
        }
        skipSpace();
        if (allowGroup && consume(':')) {
            return groupList();
        }
        if (!consume('<') || !addrSpec()) {
            return -1;
        }
        return consume('>') ? 1 : -1;
    }

    private int groupList() {
        if (!skipComments()) {
            return -1;
        }
        if (consume(';')) {
            skipComments();
            return 0;
        }
        int count = 0;
        while (true) {
            if (!skipComments()) {
                return -1;
            }
            int n = address(false);
            if (n < 0) {
                return -1;
            }
            count += n;
            if (!skipComments()) {
                return -1;
            }
            if (consume(';')) {
                skipComments();
                return count;
            }
            if (!consume(',')) {
                return -1;
            }
        }
    }

    private boolean addrSpec() {
        skipSpace();
        if (s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == '"') {
            String local = quotedString();
            if (local == null || local.isEmpty()) {
                return false;
            }
        } else if (!atom(true, false)) {
            return false;
        }
        if (!consume('@')) {
            return false;
        }
        skipSpace();
        if (s.isEmpty()) {
            return false;
        }
        return s.charAt(0) == '[' ? domainLiteral() : atom(true, false);
    }

    private boolean phrase() {
        int words = 0;
        while (true) {
            if (words > 0 && !skipComments()) {
                return false;
            }
            skipSpace();
            if (s.isEmpty()) {
                break;
            }
            boolean ok = s.charAt(0) == '"' ? quotedString() != null : atom(true, true);
            if (!ok) {
                break;
            }
            words++;
        }
        return words > 0;
    }

    private String quotedString() {
        StringBuilder sb = new StringBuilder();
        boolean escaped = false;
        int i = 1;
        while (true) {
            if (i >= s.length()) {
                return null;
            }
            int r = s.codePointAt(i);
            if (escaped) {
                if (!isVchar(r) && !isWsp(r)) {
                    return null;
                }
                sb.appendCodePoint(r);
                escaped = false;
            } else if (isQtext(r) || isWsp(r)) {
                sb.appendCodePoint(r);
            } else if (r == '"') {
                break;
            } else if (r == '\\') {
                escaped = true;
            } else {
                return null;
            }
            i += Character.charCount(r);
        }
        s = s.substring(i + 1);
        return sb.toString();
    }

    private boolean atom(boolean dot, boolean permissive) {
        int i = 0;
        while (i < s.length()) {
            int r = s.codePointAt(i);
            if (!isAtext(r, dot)) {
                break;
            }
            i += Character.charCount(r);
        }
        if (i == 0) {
            return false;
        }
        String atom = s.substring(0, i);
        s = s.substring(i);
        return permissive || !(atom.startsWith(".") || atom.contains("..") || atom.endsWith("."));
    }

    private boolean domainLiteral() {
        s = s.substring(1);
        StringBuilder dtext = new StringBuilder();
        while (true) {
            if (s.isEmpty()) {
                return false;
            }
            if (s.charAt(0) == ']') {
                break;
            }
            int r = s.codePointAt(0);
            if (r == '[' || r == ']' || r == '\\' || !isVchar(r)) {
                return false;
            }
            dtext.appendCodePoint(r);
            s = s.substring(Character.charCount(r));
        }
        s = s.substring(1);
        return IpAddresses.isIp(dtext.toString());
    }

    private void skipSpace() {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        s = s.substring(i);
    }

    /** Whitespace and parenthesised comments; false on an unclosed comment. */
    private boolean skipComments() {
        skipSpace();
        while (consume('(')) {
            if (!comment()) {
                return false;
            }
            skipSpace();
        }
        return true;
    }

    /** The rest of a comment whose {@code (} was consumed; nested parentheses and backslash escapes allowed. */
    private boolean comment() {
        int depth = 1;
        while (!s.isEmpty() && depth > 0) {
            char c = s.charAt(0);
            if (c == '\\' && s.length() > 1) {
                s = s.substring(1);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            s = s.substring(1);
        }
        return depth == 0;
    }

    private boolean consume(char c) {
        if (s.isEmpty() || s.charAt(0) != c) {
            return false;
        }
        s = s.substring(1);
        return true;
    }

    private static boolean isAtext(int r, boolean dot) {
        return switch (r) {
            case '.' -> dot;
            case '(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '"' -> false;
            default -> isVchar(r);
        };
    }

    private static boolean isVchar(int r) {
        return r >= '!' && r <= '~' || r >= 0x80;
    }

    private static boolean isQtext(int r) {
        return r != '\\' && r != '"' && isVchar(r);
    }

    private static boolean isWsp(int r) {
        return r == ' ' || r == '\t';
    }
}
