package dev.tugboat.api.validation;

/**
 * A bad value shown without quotes in a field error, as Go prints values that have a {@code String()}
 * method (quantities, int-or-strings): {@code Invalid value: 25%: ...}.
 */
public record Bare(String text) {

    @Override
    public String toString() {
        return text;
    }
}
