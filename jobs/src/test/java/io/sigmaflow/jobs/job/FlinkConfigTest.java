package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flink-conf/config.yaml, the production configuration, read the way Flink reads it: every key is
 * one Flink (or the job) knows under its current name, and it gives RocksDB with incremental
 * checkpoints, exactly-once checkpoints, and a job configuration that parses.
 */
class FlinkConfigTest {
    static final Path DIR = Path.of("..", "flink-conf");

    /** Where Flink declares the options a cluster's config.yaml may hold. */
    private static final List<Class<?>> OPTION_CLASSES = List.of(
            org.apache.flink.configuration.CoreOptions.class,
            org.apache.flink.configuration.PipelineOptions.class,
            org.apache.flink.configuration.ExecutionOptions.class,
            org.apache.flink.configuration.CheckpointingOptions.class,
            org.apache.flink.configuration.StateBackendOptions.class,
            org.apache.flink.configuration.StateRecoveryOptions.class,
            org.apache.flink.configuration.StateChangelogOptions.class,
            org.apache.flink.configuration.RestartStrategyOptions.class,
            org.apache.flink.configuration.RestOptions.class,
            org.apache.flink.configuration.WebOptions.class,
            org.apache.flink.configuration.JobManagerOptions.class,
            org.apache.flink.configuration.TaskManagerOptions.class,
            org.apache.flink.configuration.MetricOptions.class,
            org.apache.flink.configuration.HighAvailabilityOptions.class,
            org.apache.flink.configuration.SecurityOptions.class,
            org.apache.flink.configuration.ClusterOptions.class,
            org.apache.flink.configuration.DeploymentOptions.class,
            org.apache.flink.configuration.NettyShuffleEnvironmentOptions.class,
            org.apache.flink.state.rocksdb.RocksDBOptions.class,
            org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.class);

    /** Current key -> true; deprecated key -> false (with the current one in {@code replacements}). */
    private static Map<String, Boolean> knownKeys(Map<String, String> replacements) throws IllegalAccessException {
        Map<String, Boolean> keys = new HashMap<>();
        for (Class<?> type : OPTION_CLASSES) {
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                    keys.put(option.key(), true);
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.putIfAbsent(fallback.getKey(), !fallback.isDeprecated());
                        replacements.putIfAbsent(fallback.getKey(), option.key());
                    }
                }
            }
        }
        return keys;
    }

    private static Configuration production() {
        assertTrue(Files.isRegularFile(DIR.resolve(FlinkConfigFiles.FILE)), DIR.toAbsolutePath() + "/config.yaml");
        return FlinkConfigFiles.load(DIR, Map.of());
    }

    @Test
    void everyKeyIsAFlinkOptionUnderItsCurrentNameOrAJobKey() throws Exception {
        Configuration conf = production();
        Map<String, String> replacements = new HashMap<>();
        Map<String, Boolean> known = knownKeys(replacements);
        List<String> problems = new ArrayList<>();
        for (String key : conf.keySet()) {
            if (key.startsWith(PlacementJobConfig.PREFIX)) {
                continue; // checked strictly below
            }
            Boolean current = known.get(key);
            if (current == null) {
                problems.add(key + ": not a Flink option");
            } else if (!current) {
                problems.add(key + ": deprecated, use " + replacements.get(key));
            }
        }
        assertEquals(List.of(), problems);
        PlacementJobConfig job = PlacementJobConfig.from(conf);
        assertTrue(job.eventTimeOrder());
    }

    @Test
    void itGivesRocksDbWithIncrementalExactlyOnceCheckpoints() throws Exception {
        Configuration conf = production();
        StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(conf, getClass().getClassLoader(), null);
        EmbeddedRocksDBStateBackend rocksDb = assertInstanceOf(EmbeddedRocksDBStateBackend.class, backend);
        assertTrue(rocksDb.isIncrementalCheckpointsEnabled());
        assertEquals(Duration.ofSeconds(1), conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals("EXACTLY_ONCE", conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE).name());
    }

    /**
     * The latency profile reaches the job's settings both ways it is applied: over config.yaml as
     * {@code placement-job --profile latency} and {@code cluster up --profile latency} load it, and
     * as the benchmark's overrides of a run's configuration ({@code bench placement --profile latency}).
     */
    @Test
    void theLatencyProfileReachesTheJobConfig(@TempDir Path work) throws Exception {
        Map<String, String> latency = FlinkConfigFiles.profile(DIR, FlinkConfigFiles.LATENCY);
        Duration idleness = org.apache.flink.util.TimeUtils.parseDuration(latency.get(PlacementJobConfig.WATERMARK_IDLENESS));
        assertTrue(idleness.compareTo(Duration.ofSeconds(1)) < 0, "the latency profile's idleness: " + idleness);
        Configuration cluster = FlinkConfigFiles.load(DIR, latency);
        assertEquals(idleness, PlacementJobConfig.from(cluster).watermarkIdleness());
        assertEquals(Duration.ofMillis(200), cluster.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        // The changelog backend, which resumes only in CLAIM mode (restores then copy a savepoint: ClaimedRestore).
        assertEquals("true", cluster.getString("state.changelog.enabled", null));
        assertEquals("filesystem", cluster.getString("state.changelog.storage", null));
        assertTrue(ClaimedRestore.claims(cluster), "the latency profile claims what it restores");
        Map<String, String> replacements = new HashMap<>();
        Map<String, Boolean> known = knownKeys(replacements);
        for (String key : latency.keySet()) {
            assertTrue(key.startsWith(PlacementJobConfig.PREFIX) || Boolean.TRUE.equals(known.get(key)),
                    key + ": not a current Flink option");
        }
        Configuration bench = FlinkConfigFiles.forRun(work, latency);
        assertEquals(idleness, PlacementJobConfig.from(bench).watermarkIdleness());
        // The throughput profile is config.yaml itself: the job's default quiet period.
        assertEquals(Map.of(), FlinkConfigFiles.profile(DIR, FlinkConfigFiles.THROUGHPUT));
        assertEquals(Duration.ofSeconds(1), PlacementJobConfig.from(production()).watermarkIdleness());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfigFiles.profile(DIR, "fast"));
        assertTrue(unknown.getMessage().startsWith("profile fast: no "), unknown.getMessage());
    }

    /** The latency profile's changelog goes where the checkpoints go, unless its directory is set. */
    @Test
    void theChangelogGoesBesideTheCheckpoints() {
        Configuration conf = Configuration.fromMap(Map.of("execution.checkpointing.dir", "file:///srv/sigma/checkpoints/"));
        assertEquals("file:///srv/sigma/checkpoints/changelog",
                FlinkConfigFiles.withChangelogBesideCheckpoints(conf).getString(FlinkConfigFiles.CHANGELOG_DIR, null));
        Configuration set = Configuration.fromMap(Map.of("execution.checkpointing.dir", "file:///srv/sigma/checkpoints",
                FlinkConfigFiles.CHANGELOG_DIR, "s3://log/sigma"));
        assertEquals("s3://log/sigma", FlinkConfigFiles.withChangelogBesideCheckpoints(set).getString(FlinkConfigFiles.CHANGELOG_DIR, null));
        assertTrue(!FlinkConfigFiles.withChangelogBesideCheckpoints(new Configuration()).containsKey(FlinkConfigFiles.CHANGELOG_DIR));
        // A benchmark's or what-if's run: the same rule, under its own checkpoint directory.
        Path work = Path.of("/tmp/sigma-run");
        assertEquals(work.resolve("checkpoints").toUri().toString().replaceAll("/+$", "") + "/changelog",
                FlinkConfigFiles.forRun(work, Map.of()).getString(FlinkConfigFiles.CHANGELOG_DIR, null));
        assertEquals("s3://log/sigma", FlinkConfigFiles.forRun(work, Map.of(FlinkConfigFiles.CHANGELOG_DIR, "s3://log/sigma"))
                .getString(FlinkConfigFiles.CHANGELOG_DIR, null));
    }

    @Test
    void aMissingDirectoryOrABadJobKeyIsAClearError(@TempDir Path empty) {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfigFiles.load(empty, Map.of()));
        assertTrue(missing.getMessage().contains("no config.yaml in"), missing.getMessage());
        Configuration conf = FlinkConfigFiles.load(DIR, Map.of("sigmaflow.placement.scores", "Dispersion:-1"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> PlacementJobConfig.from(conf));
        assertTrue(bad.getMessage().startsWith("sigmaflow.placement.scores: weight of Dispersion must be a positive number"),
                bad.getMessage());
    }
}
