package dev.tugboat.client.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds a URL query; empty values are left out. Not thread-safe (one per request). */
final class QueryString {

    private final StringBuilder sb = new StringBuilder();

    QueryString add(String name, String value) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        sb.append(sb.isEmpty() ? '?' : '&');
        sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
