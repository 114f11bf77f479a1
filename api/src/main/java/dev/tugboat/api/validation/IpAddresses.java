package dev.tugboat.api.validation;

import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * IP and CIDR parsing and checks as Go's {@code netutils.ParseIPSloppy}/{@code ParseCIDRSloppy} (leading
 * zeros in IPv4 octets accepted) with apimachinery's messages. Never performs DNS lookups.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address bytes (4 or 16), or empty when {@code text} is not an IP address. */
    public static Optional<byte[]> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
            if (!ok) {
                return Optional.empty();
            }
        }
        if (text.startsWith(":") && !text.startsWith("::") || text.endsWith(":") && !text.endsWith("::")) {
            return Optional.empty();
        }
        try {
            // Only hex digits, colons and dots reach here, so this is a literal parse, never a lookup.
            InetAddress a = InetAddress.getByName(text);
            byte[] b = a.getAddress();
            if (b.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return Optional.of(mapped);
            }
            return Optional.of(b);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            out[i] = (byte) v;
        }
        return Optional.of(out);
    }

    public static boolean isIp(String text) {
        return parse(text).isPresent();
    }

    /** True for IPv6 addresses (not IPv4, not IPv4-mapped IPv6). */
    public static boolean isIpv6(String text) {
        Optional<byte[]> b = parse(text);
        return b.isPresent() && b.get().length == 16 && !isV4Mapped(b.get());
    }

    public static boolean isIpv4(String text) {
        Optional<byte[]> b = parse(text);
        return b.isPresent() && (b.get().length == 4 || isV4Mapped(b.get()));
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** A CIDR {@code addr/bits} as Go's ParseCIDR accepts it. */
    public static boolean isCidr(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String addr = text.substring(0, slash);
        String bits = text.substring(slash + 1);
        Optional<byte[]> ip = parse(addr);
        if (ip.isEmpty() || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int max = addr.indexOf(':') >= 0 ? 128 : 32;
        return Integer.parseInt(bits) <= max;
    }

    /** {@code must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)}. */
    public static List<FieldError> validateIp(FieldPath path, String value) {
        if (isIp(value)) {
            return List.of();
        }
        return List.of(FieldError.invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }

    public static List<FieldError> validateCidr(FieldPath path, String value) {
        if (isCidr(value)) {
            return List.of();
        }
        return List.of(FieldError.invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }

    /** Endpoints, EndpointSlices and external IPs may not be unspecified, loopback or link-local. */
    public static List<FieldError> validateNonSpecial(FieldPath path, String value) {
        Optional<byte[]> parsed = parse(value);
        if (parsed.isEmpty()) {
            return List.of(FieldError.invalid(path, value, "must be a valid IP address"));
        }
        byte[] b = parsed.get();
        boolean v4 = b.length == 4 || isV4Mapped(b);
        int o = b.length == 16 && v4 ? 12 : 0;
        java.util.List<FieldError> errs = new java.util.ArrayList<>();
        boolean unspecified = true;
        for (int i = o; i < b.length; i++) {
            unspecified &= b[i] == 0;
        }
        if (unspecified) {
            errs.add(FieldError.invalid(path, value, "may not be unspecified (" + value + ")"));
        }
        boolean loopback = v4 ? (b[o] & 0xff) == 127 : isV6Loopback(b);
        if (loopback) {
            errs.add(FieldError.invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }
        boolean linkLocal = v4 ? (b[o] & 0xff) == 169 && (b[o + 1] & 0xff) == 254
                : (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
        if (linkLocal) {
            errs.add(FieldError.invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        boolean linkLocalMulticast = v4 ? (b[o] & 0xff) == 224 && b[o + 1] == 0 && b[o + 2] == 0
                : (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02;
        if (linkLocalMulticast) {
            errs.add(FieldError.invalid(path, value,
                    "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
        return errs;
    }

    private static boolean isV6Loopback(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }
}
