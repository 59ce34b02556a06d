package io.sigmaflow.connectors.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/** Flink settings for tests: RocksDB, incremental checkpoints, and no endless restarts. */
public final class FlinkTestConfig {
    private FlinkTestConfig() {}

    /**
     * RocksDB state backend, incremental checkpoints every {@code interval} into
     * {@code checkpointDir}; a failing job fails the test instead of restarting forever.
     */
    public static Configuration rocksDbWithCheckpoints(Path checkpointDir, Duration interval) {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("execution.checkpointing.interval", interval.toMillis() + "ms");
        conf.setString("restart-strategy.type", "none");
        return conf;
    }
}
