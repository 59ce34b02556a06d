package io.sigmaflow.jobs.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.YamlParserUtils;

/**
 * The production Flink configuration ({@code flink-conf/config.yaml}) as Flink itself reads it
 * ({@link GlobalConfiguration}: the same parser a cluster's scripts use), with overrides on top.
 */
public final class FlinkConfigFiles {
    /** The configuration directory of this repository, relative to its root. */
    public static final Path DEFAULT_DIR = Path.of("flink-conf");
    public static final String FILE = "config.yaml";
    /** The default profile: config.yaml itself. */
    public static final String THROUGHPUT = "throughput";
    /** {@code profile-latency.yaml} over config.yaml. */
    public static final String LATENCY = "latency";

    private FlinkConfigFiles() {}

    /** {@code dir/config.yaml} with {@code overrides} applied (like {@code -D} options). */
    public static Configuration load(Path dir, Map<String, String> overrides) {
        if (!Files.isRegularFile(dir.resolve(FILE))) {
            throw new IllegalArgumentException("no " + FILE + " in " + dir.toAbsolutePath()
                    + ": pass the Flink configuration directory (the repository's flink-conf/)");
        }
        return GlobalConfiguration.loadConfiguration(dir.toAbsolutePath().toString(), Configuration.fromMap(overrides));
    }

    /**
     * The keys of profile {@code name} ({@code dir/profile-NAME.yaml}, applied over config.yaml and
     * under any single key given on the command line): none for {@link #THROUGHPUT}, config.yaml
     * being that profile. Flink keys and the job's ({@code sigmaflow.*}) alike.
     */
    public static Map<String, String> profile(Path dir, String name) {
        if (name == null || name.equals(THROUGHPUT)) {
            return Map.of();
        }
        Path file = dir.resolve("profile-" + name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("profile " + name + ": no " + file.toAbsolutePath()
                    + " (profiles: " + THROUGHPUT + ", " + LATENCY + ")");
        }
        Map<String, String> keys = new TreeMap<>();
        try {
            YamlParserUtils.loadYamlFile(file.toFile()).forEach((k, v) -> keys.put(k, String.valueOf(v)));
        } catch (Exception e) {
            throw new IllegalArgumentException("profile " + name + ": " + file + " unreadable: " + e.getMessage(), e);
        }
        return keys;
    }

    /** The keys of profile {@code name} with {@code overrides} (single keys from a command line) over them. */
    public static Map<String, String> withProfile(Path dir, String name, Map<String, String> overrides) {
        Map<String, String> keys = new LinkedHashMap<>(profile(dir, name));
        keys.putAll(overrides);
        return keys;
    }

    /**
     * The configuration of a run that owns its job from start to end (a benchmark, a what-if):
     * {@code config.yaml} when run from the repository root (else RocksDB, incremental checkpoints
     * every second), checkpoints and savepoints under {@code work}, no restarts (a failure must end
     * the run and say so, not restart behind its numbers), REST on a free port, then {@code overrides}.
     */
    public static Configuration forRun(Path work, Map<String, String> overrides) {
        Map<String, String> keys = new java.util.HashMap<>();
        keys.put("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        keys.put("execution.checkpointing.savepoint-dir", work.resolve("savepoints").toUri().toString());
        keys.put("restart-strategy.type", "none");
        // The mini cluster starts a REST endpoint too: any free port, not config.yaml's 8081,
        // which a running ./sigma up holds (the run failed with a BindException beside one).
        keys.put("rest.bind-port", "0");
        keys.putAll(overrides);
        Path dir = findDefault();
        if (dir == null) {
            keys.putIfAbsent("state.backend.type", "rocksdb");
            keys.putIfAbsent("execution.checkpointing.incremental", "true");
            keys.putIfAbsent("execution.checkpointing.interval", "1s");
            keys.putIfAbsent("pipeline.auto-watermark-interval", "50ms");
            return withChangelogBesideCheckpoints(Configuration.fromMap(keys));
        }
        return withChangelogBesideCheckpoints(load(dir, keys));
    }

    /** The changelog state backend's log directory key (the latency profile turns the backend on). */
    public static final String CHANGELOG_DIR = "state.changelog.dstl.dfs.base-path";

    /**
     * {@code conf} with the changelog state backend's log in {@code DIR/changelog} of its checkpoint
     * directory when none is set: the log is part of every checkpoint and must be as durable. No
     * {@code chk-N} is named so, and Flink cleans up only its jobs' directories there. The one place
     * the log's directory is chosen: a benchmark's or what-if's run ({@link #forRun}), {@code
     * ./sigma placement-job} and {@code ./sigma cluster up} all call this.
     */
    public static Configuration withChangelogBesideCheckpoints(Configuration conf) {
        String checkpoints = conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (checkpoints != null && !checkpoints.isBlank() && !conf.containsKey(CHANGELOG_DIR)) {
            conf.setString(CHANGELOG_DIR, checkpoints.replaceAll("/+$", "") + "/changelog");
        }
        return conf;
    }

    /** The repository's {@code flink-conf/} when run from the repository root, else null. */
    public static Path findDefault() {
        return Files.isRegularFile(DEFAULT_DIR.resolve(FILE)) ? DEFAULT_DIR : null;
    }
}
