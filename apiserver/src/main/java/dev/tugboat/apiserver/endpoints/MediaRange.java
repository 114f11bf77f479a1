package dev.tugboat.apiserver.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One entry of an Accept or Content-Type header: {@code type/subtype;param=value…;q=…}. */
public record MediaRange(String type, String subtype, Map<String, String> params, double quality) {

    public String mediaType() {
        return type + "/" + subtype;
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    public boolean matches(String mediaType) {
        String[] parts = mediaType.split("/", 2);
        return (type.equals("*") || type.equals(parts[0])) && (subtype.equals("*") || subtype.equals(parts[1]));
    }

    /** Parses one media type (Content-Type); null for blank input. */
    public static MediaRange parseOne(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // -1 keeps empty parts: a header of only separators (";;") is still one (empty) media type.
        String[] parts = value.split(";", -1);
        String[] ts = parts[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
        String type = ts[0].trim();
        String subtype = ts.length > 1 ? ts[1].trim() : "*";
        Map<String, String> params = new LinkedHashMap<>();
        double q = 1.0;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = p.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            if (k.equals("q")) {
                try {
                    q = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    q = 0;
                }
            } else {
                params.put(k, v);
            }
        }
        return new MediaRange(type, subtype, params, q);
    }

    /** Parses an Accept header, best first (by quality, then order); empty for a missing header. */
    public static List<MediaRange> parseAccept(String header) {
        List<MediaRange> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String part : header.split(",")) {
            MediaRange r = parseOne(part);
            if (r != null && r.quality() > 0) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingDouble(MediaRange::quality).reversed());
        return out;
    }
}
