package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.placement.framework.Plugin;
import io.sigmaflow.placement.framework.PluginArgs;
import io.sigmaflow.placement.framework.PluginRegistry;
import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.plugins.DefaultPlugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The placer's configuration, from flat string keys (a Flink {@code Configuration} under a prefix,
 * a properties file, CLI flags), strictly: an unknown key or a bad value is an error naming the key.
 *
 * <pre>
 * topology.levels = CORE_SWITCH,CHASSIS,HOST              (widest first; ZONE may lead)
 * filters         = NodeSchedulable,NodeResourcesFit,NodeSelector,TaintToleration,DedicatedCores
 * scores          = Dispersion:1,NodeResourcesAllocated:1,BalancedAllocation:1   (name[:weight])
 * maxCandidates   = 16                                      (feasible nodes scored per pod; 0 = all)
 * preemption      = true
 * NodeResourcesAllocated.strategy = least-allocated | most-allocated
 * NodeResourcesAllocated.cpuWeight = 1, NodeResourcesAllocated.memoryWeight = 1
 * </pre>
 */
public record PlacementConfig(TopologyLevels levels, Profile profile) {
    public static final String LEVELS = "topology.levels";
    public static final String FILTERS = "filters";
    public static final String SCORES = "scores";
    public static final String MAX_CANDIDATES = "maxCandidates";
    public static final String PREEMPTION = "preemption";
    private static final Set<String> TOP_LEVEL = Set.of(LEVELS, FILTERS, SCORES, MAX_CANDIDATES, PREEMPTION);

    public static PlacementConfig defaults() {
        return parse(Map.of());
    }

    public static PlacementConfig parse(Map<String, String> config) {
        return parse(config, DefaultPlugins.registry());
    }

    public static PlacementConfig parse(Map<String, String> config, PluginRegistry registry) {
        TopologyLevels levels;
        try {
            levels = TopologyLevels.parse(config.getOrDefault(LEVELS, "CORE_SWITCH,CHASSIS,HOST"));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(LEVELS, e.getMessage());
        }
        Map<String, PluginArgs> args = new TreeMap<>();
        Map<String, Plugin> built = new HashMap<>();
        Profile.Builder profile = Profile.builder();
        for (String name : names(FILTERS, config.getOrDefault(FILTERS, DefaultPlugins.FILTERS))) {
            if (!(plugin(FILTERS, name, config, registry, args, built) instanceof FilterPlugin<?> filter)) {
                throw new InvalidConfigException(FILTERS, name + " is not a filter plugin");
            }
            profile.filter(filter);
        }
        for (String entry : names(SCORES, config.getOrDefault(SCORES, DefaultPlugins.SCORES))) {
            String[] parts = entry.split(":", -1);
            if (parts.length > 2) {
                throw new InvalidConfigException(SCORES, "expected name[:weight], got '" + entry + "'");
            }
            double weight = parts.length == 2 ? weight(parts[0], parts[1]) : 1;
            if (!(plugin(SCORES, parts[0].trim(), config, registry, args, built) instanceof ScorePlugin<?> score)) {
                throw new InvalidConfigException(SCORES, parts[0].trim() + " is not a score plugin");
            }
            profile.score(score, weight);
        }
        profile.maxCandidates(nonNegativeInt(MAX_CANDIDATES,
                config.getOrDefault(MAX_CANDIDATES, String.valueOf(Profile.DEFAULT_MAX_CANDIDATES))));
        profile.preemption(bool(PREEMPTION, config.getOrDefault(PREEMPTION, "true")));
        rejectUnknownKeys(config, args, registry);
        try {
            return new PlacementConfig(levels, profile.build());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(SCORES, e.getMessage());
        }
    }

    /** A placer over an empty index of this configuration's topology. */
    public Placer newPlacer() {
        return new Placer(profile, levels);
    }

    private static List<String> names(String key, String value) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            String bare = name.contains(":") ? name.substring(0, name.indexOf(':')).trim() : name;
            if (!seen.add(bare)) {
                throw new InvalidConfigException(key, bare + " is listed twice");
            }
            names.add(name);
        }
        return names;
    }

    private static Plugin plugin(String key, String name, Map<String, String> config, PluginRegistry registry,
                                 Map<String, PluginArgs> args, Map<String, Plugin> built) {
        Plugin plugin = built.get(name);
        if (plugin == null) {
            PluginArgs pluginArgs = new PluginArgs(name, config);
            plugin = registry.create(key, name, pluginArgs);
            args.put(name, pluginArgs);
            built.put(name, plugin);
        }
        return plugin;
    }

    private static double weight(String name, String text) {
        try {
            double w = Double.parseDouble(text.trim());
            if (w > 0 && !Double.isInfinite(w)) {
                return w;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(SCORES, "weight of " + name.trim() + " must be a positive number, got '"
                + text.trim() + "'");
    }

    private static int nonNegativeInt(String key, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, "expected a non-negative integer, got '" + text.trim() + "'");
    }

    private static boolean bool(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException(key, "expected true or false, got '" + text.trim() + "'");
        };
    }

    private static void rejectUnknownKeys(Map<String, String> config, Map<String, PluginArgs> args,
                                          PluginRegistry registry) {
        Set<String> understood = new TreeSet<>(TOP_LEVEL);
        args.values().forEach(a -> understood.addAll(a.readKeys()));
        for (String key : new TreeSet<>(config.keySet())) {
            if (understood.contains(key)) {
                continue;
            }
            String prefix = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (registry.names().contains(prefix) && !args.containsKey(prefix)) {
                throw new InvalidConfigException(key, "plugin " + prefix + " is not enabled");
            }
            throw new InvalidConfigException(key, "unknown key; known: " + String.join(", ", TOP_LEVEL)
                    + " and <Plugin>.<argument>");
        }
    }
}
