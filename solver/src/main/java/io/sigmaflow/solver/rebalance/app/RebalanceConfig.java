package io.sigmaflow.solver.rebalance.app;

import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.domain.RebalanceSettings;
import io.sigmaflow.solver.rebalance.score.RebalanceWeights;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The rebalancer's settings, from an optional properties file ({@code --config}) and the command
 * line, strictly: an unknown key or a bad value is an error naming the key, and every error is
 * reported at once. Keys, defaults and meaning: {@code solver/dist/rebalancer.properties}.
 *
 * <p><b>Max-unavailable.</b> An app's max-unavailable lives in the placement job's app state (from
 * its requests' {@code UpgradePolicy}); {@code NodeState} does not carry it. The rebalancer takes
 * {@code app.max-unavailable.default} (1, the schema's default for {@code UpgradePolicy}) and
 * {@code app.max-unavailable.<appId>} overrides. The job stays the authority: it re-checks each
 * migration against the app's real value and refuses one that would exceed it. An app whose real
 * value is 0 must be listed with 0, or its moves will be refused.
 *
 * @param settings         move budgets and plan waves
 * @param solveTime        how long the solver runs
 * @param seed             the solver's random seed, or null for Timefold's default
 * @param weights          the soft constraints' weights
 * @param maxUnavailable   {@code app.max-unavailable.default}
 * @param maxUnavailableOf overrides per app id
 * @param filters          the placement job's filter plugins used for node eligibility
 * @param snapshotTimeout  how long reading the node-state topic to its end may take
 */
public record RebalanceConfig(RebalanceSettings settings, Duration solveTime, Long seed, RebalanceWeights weights,
        int maxUnavailable, Map<String, Integer> maxUnavailableOf, String filters, Duration snapshotTimeout) {

    static final String MAX_MOVES = "budget.max-moves";
    static final String MAX_MOVES_PER_APP = "budget.max-moves-per-app";
    static final String MAX_WAVES = "plan.max-waves";
    static final String SECONDS = "solver.seconds";
    static final String SEED = "solver.seed";
    static final String MAX_UNAVAILABLE = "app.max-unavailable.default";
    static final String MAX_UNAVAILABLE_PREFIX = "app.max-unavailable.";
    static final String CORE_SWITCH = "weight.dispersion.core-switch";
    static final String CHASSIS = "weight.dispersion.chassis";
    static final String HOST = "weight.dispersion.host";
    static final String BALANCE = "weight.balance";
    static final String MIGRATION = "weight.migration";
    static final String FILTERS = "eligibility.filters";
    static final String SNAPSHOT_TIMEOUT = "snapshot.timeout-seconds";
    static final List<String> KEYS = List.of(MAX_MOVES, MAX_MOVES_PER_APP, MAX_WAVES, SECONDS, SEED, MAX_UNAVAILABLE,
            CORE_SWITCH, CHASSIS, HOST, BALANCE, MIGRATION, FILTERS, SNAPSHOT_TIMEOUT);

    public RebalanceConfig {
        maxUnavailableOf = Map.copyOf(maxUnavailableOf);
    }

    public static RebalanceConfig defaults() {
        return parse(Map.of(), "defaults");
    }

    /** The max-unavailable the rebalancer assumes for {@code appId}. */
    public int maxUnavailable(String appId) {
        return maxUnavailableOf.getOrDefault(appId, maxUnavailable);
    }

    /** This configuration with the command line's overrides (null: keep). */
    public RebalanceConfig with(Duration solveTime, Integer maxMoves, Integer maxMovesPerApp) {
        RebalanceSettings s = new RebalanceSettings(maxMoves != null ? maxMoves : settings.maxMoves(),
                maxMovesPerApp != null ? maxMovesPerApp : settings.maxMovesPerApp(), settings.maxWaves());
        return new RebalanceConfig(s, solveTime != null ? solveTime : this.solveTime, seed, weights, maxUnavailable,
                maxUnavailableOf, filters, snapshotTimeout);
    }

    /** Reads {@code file}; problems name the file and the key. */
    public static RebalanceConfig load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            values.put(key, props.getProperty(key).trim());
        }
        return parse(values, file.toString());
    }

    /** Parses {@code values}; {@code source} prefixes every error. */
    public static RebalanceConfig parse(Map<String, String> values, String source) {
        Fields f = new Fields(values, source);
        int maxMoves = f.integer(MAX_MOVES, 50, 0);
        int maxMovesPerApp = f.integer(MAX_MOVES_PER_APP, 5, 0);
        int maxWaves = f.integer(MAX_WAVES, 10, 1);
        Duration seconds = Duration.ofSeconds(f.integer(SECONDS, 30, 1));
        Long seed = values.containsKey(SEED) ? (long) f.integer(SEED, 0, 0) : null;
        int maxUnavailable = f.integer(MAX_UNAVAILABLE, 1, 0);
        Map<String, Integer> perApp = new TreeMap<>();
        for (String key : values.keySet()) {
            if (key.startsWith(MAX_UNAVAILABLE_PREFIX) && !key.equals(MAX_UNAVAILABLE)) {
                String app = key.substring(MAX_UNAVAILABLE_PREFIX.length());
                if (app.isBlank()) {
                    f.error(key, "names no app");
                } else {
                    perApp.put(app, f.integer(key, 1, 0));
                }
            } else if (!KEYS.contains(key)) {
                f.error(key, "unknown key; known: " + String.join(", ", KEYS) + ", " + MAX_UNAVAILABLE_PREFIX + "<appId>");
            }
        }
        RebalanceWeights d = RebalanceWeights.DEFAULT;
        RebalanceWeights weights = new RebalanceWeights(f.weight(CORE_SWITCH, d.coreSwitch()), f.weight(CHASSIS, d.chassis()),
                f.weight(HOST, d.host()), f.weight(BALANCE, d.balance()), f.weight(MIGRATION, d.migration()));
        String filters = values.getOrDefault(FILTERS, NodeEligibility.DEFAULT_FILTERS);
        try {
            NodeEligibility.chain(filters);
        } catch (InvalidConfigException e) {
            f.error(FILTERS, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
        Duration snapshotTimeout = Duration.ofSeconds(f.integer(SNAPSHOT_TIMEOUT, 60, 1));
        f.throwIfAny();
        return new RebalanceConfig(new RebalanceSettings(maxMoves, maxMovesPerApp, maxWaves), seconds, seed, weights,
                maxUnavailable, perApp, filters, snapshotTimeout);
    }

    /** Every problem of a configuration, one line each ({@code source: key: problem}). */
    public static final class ConfigException extends RuntimeException {
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Reads typed values and collects errors instead of stopping at the first. */
    private static final class Fields {
        private final Map<String, String> values;
        private final String source;
        private final List<String> errors = new ArrayList<>();

        Fields(Map<String, String> values, String source) {
            this.values = values;
            this.source = source;
        }

        int integer(String key, int fallback, int min) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
            try {
                int v = Integer.parseInt(text);
                if (v >= min) {
                    return v;
                }
                error(key, v + " is below the minimum " + min);
            } catch (NumberFormatException e) {
                error(key, "'" + text + "' is not an integer");
            }
            return fallback;
        }

        long weight(String key, long fallback) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
            try {
                long v = Long.parseLong(text);
                if (v >= 0 && v <= 1_000_000) {
                    return v;
                }
                error(key, v + " must be between 0 and 1000000");
            } catch (NumberFormatException e) {
                error(key, "'" + text + "' is not an integer");
            }
            return fallback;
        }

        void error(String key, String problem) {
            errors.add(source + ": " + key + ": " + problem);
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
        }
    }
}
