package io.sigmaflow.jobs.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * The production Flink configuration ({@code flink-conf/config.yaml}) as Flink itself reads it
 * ({@link GlobalConfiguration}: the same parser a cluster's scripts use), with overrides on top.
 */
public final class FlinkConfigFiles {
    /** The configuration directory of this repository, relative to its root. */
    public static final Path DEFAULT_DIR = Path.of("flink-conf");
    public static final String FILE = "config.yaml";

    private FlinkConfigFiles() {}

    /** {@code dir/config.yaml} with {@code overrides} applied (like {@code -D} options). */
    public static Configuration load(Path dir, Map<String, String> overrides) {
        if (!Files.isRegularFile(dir.resolve(FILE))) {
            throw new IllegalArgumentException("no " + FILE + " in " + dir.toAbsolutePath()
                    + ": pass the Flink configuration directory (the repository's flink-conf/)");
        }
        return GlobalConfiguration.loadConfiguration(dir.toAbsolutePath().toString(), Configuration.fromMap(overrides));
    }

    /** The repository's {@code flink-conf/} when run from the repository root, else null. */
    public static Path findDefault() {
        return Files.isRegularFile(DEFAULT_DIR.resolve(FILE)) ? DEFAULT_DIR : null;
    }
}
