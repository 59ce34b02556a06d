package io.sigmaflow.cli.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every command: a whole number with a unit, {@code 500ms},
 * {@code 30s}, {@code 10m} (or {@code 10min}), {@code 1h}, {@code 2d}, or ISO-8601 such as
 * {@code PT30S} or {@code PT1M30S}. A bare number is refused: {@code 10} of what is the question
 * the user must not leave to us. Negative durations are refused; a command that needs a positive
 * one says so itself (zero may be meaningful, e.g. "do not wait").
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|min|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** {@code value} as a duration; a {@link TypeConversionException} saying what is accepted otherwise. */
    public static Duration parse(String value) {
        String v = value.trim();
        Duration d;
        Matcher m = SHORT.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        } else {
            throw invalid(value);
        }
        if (d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative");
        }
        return d;
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration (use 500ms, 30s, 10m, 1h, 2d or PT30S)");
    }
}
