package io.sigmaflow.client.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities written as in Kubernetes manifests: cpu as cores ({@code 2}, {@code 0.5}) or
 * millicores ({@code 500m}); memory and disk with a unit, binary ({@code 512Mi}, {@code 2Gi},
 * {@code Ki}, {@code Ti}) or decimal ({@code 500M}, {@code 1G}, {@code k}, {@code T}), rounded up to
 * whole MiB, the job's unit. A bare number of bytes (valid in Kubernetes) is refused: {@code 512}
 * meant MiB more often than bytes, and a silent factor of a million is the worst outcome.
 */
public final class Quantities {
    private static final Pattern CPU = Pattern.compile("(-?\\d+(?:\\.\\d+)?)(m?)");
    private static final Pattern MEMORY = Pattern.compile("(-?\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)");
    private static final Map<String, BigDecimal> BYTES = Map.of(
            "Ki", BigDecimal.valueOf(1L << 10), "Mi", BigDecimal.valueOf(1L << 20), "Gi", BigDecimal.valueOf(1L << 30),
            "Ti", BigDecimal.valueOf(1L << 40), "k", BigDecimal.valueOf(1_000L), "K", BigDecimal.valueOf(1_000L),
            "M", BigDecimal.valueOf(1_000_000L), "G", BigDecimal.valueOf(1_000_000_000L), "T", BigDecimal.valueOf(1_000_000_000_000L));
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);

    private Quantities() {}

    /** A quantity that is not valid: the message completes {@code "field: "}. */
    public static final class BadQuantity extends IllegalArgumentException {
        BadQuantity(String message) {
            super(message);
        }
    }

    /** {@code text} (cores or millicores) in millicores. */
    public static long cpuMillis(String text) {
        Matcher m = CPU.matcher(text.trim());
        if (!m.matches()) {
            throw new BadQuantity("expected a quantity like 500m or 2, got \"" + text + "\"");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (value.signum() < 0) {
            throw new BadQuantity("must not be negative, got \"" + text + "\"");
        }
        BigDecimal millis = m.group(2).isEmpty() ? value.movePointRight(3) : value;
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new BadQuantity("finer than a millicore: \"" + text + "\" (the smallest step is 1m, 0.001)");
        }
        return exact(millis, text);
    }

    /** {@code text} (a number with a unit) in MiB, rounded up. */
    public static long mebibytes(String text) {
        String t = text.trim();
        Matcher m = MEMORY.matcher(t);
        if (!m.matches()) {
            if (t.matches("-?\\d+(\\.\\d+)?")) {
                throw new BadQuantity("a bare number is ambiguous, give a unit: \"" + t + "Mi\" or \"" + t + "Gi\"");
            }
            throw new BadQuantity("expected a quantity like 512Mi or 2Gi, got \"" + text + "\"");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (value.signum() < 0) {
            throw new BadQuantity("must not be negative, got \"" + text + "\"");
        }
        BigDecimal mib = value.multiply(BYTES.get(m.group(2))).divide(MIB, 0, java.math.RoundingMode.CEILING);
        return exact(mib, text);
    }

    private static long exact(BigDecimal value, String text) {
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new BadQuantity("too large: \"" + text + "\"");
        }
    }
}
