package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.placement.framework.InvalidConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./sigma placement-job [--config-dir DIR] [--set KEY=VALUE]...}: runs the placement job on
 * the Flink configuration in DIR (default {@code flink-conf/}) with overrides, against the Kafka
 * cluster it names ({@code sigmaflow.kafka.bootstrap-servers}); missing topics are created. Run
 * with {@code java}, it starts a local mini cluster; submitted with {@code flink run}, it runs on
 * that cluster. A bad configuration exits 2 naming the key.
 */
public final class PlacementJobMain {
    static final int USAGE_ERROR = 2;
    static final String USAGE = """
            usage: ./sigma placement-job [--config-dir DIR] [--set KEY=VALUE]...
              --config-dir DIR   Flink configuration directory holding config.yaml (default flink-conf)
              --set KEY=VALUE    a setting over config.yaml, Flink's or the job's (sigmaflow.*), repeatable
            e.g. ./sigma placement-job --set sigmaflow.kafka.bootstrap-servers=kafka-1:9092 \\
                     --set sigmaflow.placement.scores=Dispersion:2,NodeResourcesAllocated:1""";

    private PlacementJobMain() {}

    /** The parsed command line. */
    record Arguments(Path configDir, Map<String, String> overrides) {}

    public static void main(String[] args) throws Exception {
        Configuration conf;
        PlacementJobConfig config;
        try {
            Arguments a = parse(Arrays.asList(args));
            conf = FlinkConfigFiles.load(a.configDir(), a.overrides());
            config = PlacementJobConfig.from(conf);
        } catch (IllegalArgumentException e) {
            exit(System.err, e.getMessage());
            return;
        }
        try (TopicAdmin admin = new TopicAdmin(config.bootstrapServers())) {
            admin.ensure(config.topics().all());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        PlacementJob.onKafka(config).build(env);
        env.execute("SigmaFlow placement");
    }

    static Arguments parse(List<String> args) {
        Path dir = FlinkConfigFiles.DEFAULT_DIR;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new InvalidConfigException(option, "needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--config-dir" -> dir = Path.of(value);
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new InvalidConfigException("--set", "expected KEY=VALUE, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
                }
                default -> throw new InvalidConfigException(option, "unknown option");
            }
        }
        return new Arguments(dir, overrides);
    }

    private static void exit(PrintStream err, String problem) {
        err.println("placement-job: " + problem);
        err.println(USAGE);
        System.exit(USAGE_ERROR);
    }
}
