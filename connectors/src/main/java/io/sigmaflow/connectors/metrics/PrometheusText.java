package io.sigmaflow.connectors.metrics;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4: one {@code # HELP} and
 * one {@code # TYPE} line per metric family, then its samples. JDK only, so that node-executor and
 * the rebalancer expose their counters without a client library. Not thread-safe: build one per
 * scrape.
 */
public final class PrometheusText {
    /** The Content-Type a scraper expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder();
    private final Set<String> families = new LinkedHashSet<>();

    /** A monotonically increasing count; by convention the name ends in {@code _total}. */
    public PrometheusText counter(String name, String help, double value) {
        return family(name, help, "counter").sample(name, Map.of(), value);
    }

    /** A value that goes up and down. */
    public PrometheusText gauge(String name, String help, double value) {
        return family(name, help, "gauge").sample(name, Map.of(), value);
    }

    /** A summary without quantiles: {@code name_count} observations adding up to {@code name_sum}. */
    public PrometheusText summary(String name, String help, long count, double sum) {
        family(name, help, "summary");
        sample(name + "_count", Map.of(), count);
        return sample(name + "_sum", Map.of(), sum);
    }

    /** Starts a family whose labelled samples follow through {@link #sample}. */
    public PrometheusText family(String name, String help, String type) {
        checkName(name);
        if (!families.add(name)) {
            throw new IllegalArgumentException("metric " + name + " written twice");
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample line; label values are escaped, in the map's order. */
    public PrometheusText sample(String name, Map<String, String> labels, double value) {
        checkName(name);
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!LABEL.matcher(l.getKey()).matches() || l.getKey().startsWith("__")) {
                    throw new IllegalArgumentException("invalid label name '" + l.getKey() + "'");
                }
                out.append(sep).append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                sep = ",";
            }
            out.append('}');
        }
        return append(value);
    }

    private PrometheusText append(double value) {
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** Integers without a fraction (counters stay readable); NaN and infinities as the format spells them. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
