package dev.tugboat.cli;

import dev.tugboat.api.meta.GoDurations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Duration flags written as Kubernetes components take them: Go durations such as {@code 40s} or {@code 5m}. */
final class GoDurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return GoDurations.parse(value).orElseThrow(() ->
                new TypeConversionException("invalid duration \"" + value + "\" (expected e.g. 40s, 5m, 1h30m)"));
    }
}
