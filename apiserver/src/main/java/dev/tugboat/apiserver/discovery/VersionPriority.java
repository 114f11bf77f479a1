package dev.tugboat.apiserver.discovery;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' version ordering: GA before beta before alpha, higher numbers first
 * ({@code v2 > v1 > v2beta1 > v1beta2 > v1beta1 > v1alpha1}), non-conforming names last, alphabetically.
 */
public final class VersionPriority implements Comparator<String> {

    private static final Pattern KUBE = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    @Override
    public int compare(String a, String b) {
        return Long.compare(rank(b), rank(a)) != 0 ? Long.compare(rank(b), rank(a)) : a.compareTo(b);
    }

    private static long rank(String v) {
        Matcher m = KUBE.matcher(v);
        if (!m.matches()) {
            return -1;
        }
        long major = Long.parseLong(m.group(1));
        if (m.group(2) == null) {
            return 3_000_000 + major;
        }
        long minor = Long.parseLong(m.group(3));
        int stability = m.group(2).equals("beta") ? 2 : 1;
        return stability * 1_000_000 + major * 1_000 + minor;
    }
}
