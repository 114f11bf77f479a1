package dev.tugboat.api.core;

import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code v1.PodLogOptions} as query parameters: what {@code kubectl logs} asks the API server for, and
 * what the API server passes on to the kubelet's {@code /containerLogs}. Both sides decode and
 * validate it here, so they agree on every parameter.
 *
 * @param container  the container name; empty when not given
 * @param tailLines  the number of lines from the end to show; empty for all
 * @param sinceSeconds show lines no older than this many seconds; empty when not given
 * @param sinceTime  show lines from this time on; null when not given
 * @param limitBytes stop after this many bytes of output; empty for no limit
 */
public record PodLogOptions(String container, boolean follow, boolean previous, boolean timestamps,
                            OptionalLong tailLines, OptionalLong sinceSeconds, Instant sinceTime,
                            OptionalLong limitBytes, boolean insecureSkipTlsVerifyBackend) {

    public PodLogOptions {
        container = container == null ? "" : container;
    }

    /**
     * Decodes the query parameters as upstream's parameter codec does: a boolean is false only for
     * {@code false} or {@code 0}, numbers are decimal integers, {@code sinceTime} is RFC 3339. The
     * kubelet's legacy {@code tail} parameter ({@code all} meaning no limit) is read as {@code tailLines}.
     *
     * @throws ApiException.BadRequest for a value that cannot be decoded
     */
    public static PodLogOptions fromQuery(Function<String, String> param) {
        String tail = param.apply("tailLines");
        String legacyTail = param.apply("tail");
        if (tail == null && legacyTail != null && !legacyTail.equals("all")) {
            tail = legacyTail;
        }
        String since = param.apply("sinceTime");
        Instant sinceTime = null;
        if (since != null && !since.isEmpty()) {
            sinceTime = Timestamps.parse(since).orElseThrow(() -> new ApiException.BadRequest(
                    "sinceTime: cannot parse \"" + since + "\" as an RFC 3339 time"));
        }
        return new PodLogOptions(param.apply("container"), bool(param.apply("follow")),
                bool(param.apply("previous")), bool(param.apply("timestamps")), number("tailLines", tail),
                number("sinceSeconds", param.apply("sinceSeconds")), sinceTime,
                number("limitBytes", param.apply("limitBytes")), bool(param.apply("insecureSkipTLSVerifyBackend")));
    }

    private static boolean bool(String v) {
        return v != null && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    private static OptionalLong number(String name, String v) {
        if (v == null || v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(name + ": cannot parse \"" + v + "\" as an integer");
        }
    }

    /** Upstream's {@code ValidatePodLogOptions}. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (tailLines.isPresent() && tailLines.getAsLong() < 0) {
            errors.add(FieldError.invalid(FieldPath.root("tailLines"), tailLines.getAsLong(),
                    "must be greater than or equal to 0"));
        }
        if (limitBytes.isPresent() && limitBytes.getAsLong() < 1) {
            errors.add(FieldError.invalid(FieldPath.root("limitBytes"), limitBytes.getAsLong(),
                    "must be greater than 0"));
        }
        if (sinceSeconds.isPresent() && sinceTime != null) {
            errors.add(FieldError.forbidden(FieldPath.root("sinceTime"),
                    "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        } else if (sinceSeconds.isPresent() && sinceSeconds.getAsLong() < 1) {
            errors.add(FieldError.invalid(FieldPath.root("sinceSeconds"), sinceSeconds.getAsLong(),
                    "must be greater than 0"));
        }
        return errors;
    }

    /** The earliest time a shown line may have, if any: {@code sinceTime}, or {@code now - sinceSeconds}. */
    public Instant since(Instant now) {
        if (sinceTime != null) {
            return sinceTime;
        }
        return sinceSeconds.isPresent() ? now.minusSeconds(sinceSeconds.getAsLong()) : null;
    }

    /** The query parameters the kubelet's {@code /containerLogs} takes (the container is in its path). */
    public Map<String, String> kubeletQuery() {
        Map<String, String> q = new LinkedHashMap<>();
        if (follow) {
            q.put("follow", "true");
        }
        if (previous) {
            q.put("previous", "true");
        }
        if (timestamps) {
            q.put("timestamps", "true");
        }
        tailLines.ifPresent(n -> q.put("tailLines", Long.toString(n)));
        sinceSeconds.ifPresent(n -> q.put("sinceSeconds", Long.toString(n)));
        if (sinceTime != null) {
            q.put("sinceTime", Timestamps.format(sinceTime));
        }
        limitBytes.ifPresent(n -> q.put("limitBytes", Long.toString(n)));
        return q;
    }
}
