package io.sigmaflow.placement.framework;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin's arguments: the configuration entries {@code <PluginName>.<arg>}. Remembers which keys
 * were read so that a profile can refuse the ones nobody understood (a typo must not pass silently).
 */
public final class PluginArgs {
    private final String plugin;
    private final Map<String, String> config;
    private final Set<String> read = new TreeSet<>();

    public PluginArgs(String plugin, Map<String, String> config) {
        this.plugin = plugin;
        this.config = config;
    }

    /** No arguments at all: every plugin's defaults. */
    public static PluginArgs none(String plugin) {
        return new PluginArgs(plugin, Map.of());
    }

    public String plugin() {
        return plugin;
    }

    public String key(String arg) {
        return plugin + "." + arg;
    }

    public String string(String arg, String defaultValue) {
        String key = key(arg);
        read.add(key);
        String value = config.get(key);
        return value == null ? defaultValue : value.trim();
    }

    public double positiveDouble(String arg, double defaultValue) {
        String value = string(arg, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key(arg), "expected a positive number, got '" + value + "'");
    }

    /** One of {@code allowed} (case-insensitive); returned in lower case. */
    public String choice(String arg, String defaultValue, String... allowed) {
        String value = string(arg, defaultValue).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new InvalidConfigException(key(arg), "expected one of " + String.join(", ", allowed)
                + ", got '" + value + "'");
    }

    /** Keys of the form {@code <plugin>.*} that were read. */
    public Set<String> readKeys() {
        return read;
    }
}
