package io.sigmaflow.cli.cluster;

import io.sigmaflow.jobs.job.FlinkConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;

/**
 * A Flink standalone session cluster from the Maven jars: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) with the dashboard, N TaskManagers
 * ({@code TaskManagerRunner}), each its own process on Flink's class path only (the job's classes
 * come from the uploaded jar), all reading {@code flink-conf/config.yaml} in the cluster
 * directory: the repository's production settings, then what a cluster needs (its addresses and
 * ports, checkpoints and savepoints in the cluster directory, the Prometheus reporter, the
 * brokers), then {@code --flink KEY=VALUE}.
 */
final class FlinkProcesses {
    static final String JOBMANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private final ClusterFiles files;

    FlinkProcesses(ClusterFiles files) {
        this.files = files;
    }

    /** Writes the cluster's config.yaml and log4j.properties. */
    void configure(int restPort, int rpcPort, String bootstrap, Map<String, String> overrides) throws IOException {
        Map<String, String> keys = new TreeMap<>();
        keys.put("rest.port", Integer.toString(restPort));
        keys.put("rest.address", "127.0.0.1");
        keys.put("rest.bind-address", "127.0.0.1");
        keys.put("jobmanager.rpc.address", "127.0.0.1");
        keys.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        keys.put("jobmanager.bind-host", "127.0.0.1");
        keys.put("taskmanager.host", "127.0.0.1");
        keys.put("taskmanager.bind-host", "127.0.0.1");
        // One process per role now: the JobManager alone, each TaskManager with 2 slots
        // (parallelism 2 fits on one TaskManager, so the job restarts after losing the other).
        keys.put("jobmanager.memory.process.size", "768m");
        keys.put("taskmanager.memory.process.size", "1024m");
        keys.put("taskmanager.numberOfTaskSlots", "2");
        Path dir = files.dir();
        keys.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        keys.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        keys.put("io.tmp.dirs", dir.resolve("tmp").toString());
        keys.put("web.upload.dir", dir.resolve("jars").toString());
        keys.put("web.tmpdir", dir.resolve("tmp/web").toString());
        // RocksDB writes a LOG per state instance; beside the process logs they would bury them.
        keys.put("state.backend.rocksdb.log.dir", files.logs().resolve("rocksdb").toString());
        // The job's per-operator metrics, scrapeable: one port per process from the range.
        keys.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        keys.put("metrics.reporter.prom.port", "9249-9269");
        keys.put("sigmaflow.kafka.bootstrap-servers", bootstrap);
        keys.putAll(overrides);
        // The changelog state backend's log (the latency profile turns it on) beside the checkpoints, as durable.
        Configuration conf = FlinkConfigFiles.withChangelogBesideCheckpoints(FlinkConfigFiles.load(files.repoFlinkConf(), keys));
        StringBuilder yaml = new StringBuilder("# Written by ./sigma cluster up from flink-conf/config.yaml and the cluster's settings.\n");
        new TreeMap<>(conf.toMap()).forEach((k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        Files.createDirectories(files.flinkConf());
        Files.createDirectories(dir.resolve("tmp/web"));
        Files.createDirectories(dir.resolve("jars"));
        Files.writeString(files.flinkConf().resolve("config.yaml"), yaml);
        Files.copy(files.repoFlinkConf().resolve("log4j.properties"), files.flinkConf().resolve("log4j.properties"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    long startJobManager() throws IOException, InterruptedException {
        List<String> resources = resources("GET_JM_RESOURCE_PARAMS");
        return start(JOBMANAGER, resources, "jobmanager");
    }

    long startTaskManager(int index) throws IOException, InterruptedException {
        List<String> resources = resources("GET_TM_RESOURCE_PARAMS");
        // A readable id (the dashboard's TaskManager list, and which one to kill in a test).
        resources = List.of(resources.get(0), (resources.size() > 1 ? resources.get(1) : "")
                + " -D taskmanager.resource-id=taskmanager-" + index);
        return start(TASKMANAGER, resources, "taskmanager-" + index);
    }

    /** Starts a role with the JVM options and dynamic properties Flink's own scripts would pass. */
    private long start(String main, List<String> resources, String name) throws IOException {
        List<String> jvm = new ArrayList<>(Arrays.asList(resources.get(0).trim().split("\\s+")));
        Path log = files.logs().resolve(name + ".log");
        jvm.add("-Dlog.file=" + log);
        jvm.add("-Dlog4j.configurationFile=" + files.flinkConf().resolve("log4j.properties").toUri());
        List<String> args = new ArrayList<>(List.of("--configDir", files.flinkConf().toString()));
        if (resources.size() > 1 && !resources.get(1).isBlank()) {
            args.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
        }
        return JavaProcesses.start(jvm, files.flinkClasspath(), main, args, files.logs().resolve(name + ".out"));
    }

    /**
     * {@code BashJavaUtils GET_*_RESOURCE_PARAMS}, as Flink's {@code taskmanager.sh} runs it: the
     * memory sizes resolved from config.yaml, as JVM options (first line) and the dynamic
     * properties the process must be started with (second).
     */
    private List<String> resources(String command) throws IOException, InterruptedException {
        String out = JavaProcesses.run(List.of("-Xmx128m"), files.flinkClasspath(),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", List.of(command, "--configDir", files.flinkConf().toString()));
        List<String> lines = out.lines().filter(l -> l.startsWith(RESULT)).map(l -> l.substring(RESULT.length())).toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no result: " + out);
        }
        return lines;
    }

    /** The recorded pids of the TaskManagers, in order. */
    static List<Long> taskManagerPids(Properties state) {
        List<Long> pids = new ArrayList<>();
        int n = Integer.parseInt(state.getProperty("flink.taskmanagers", "0"));
        for (int i = 1; i <= n; i++) {
            pids.add(Long.parseLong(state.getProperty("flink.taskmanager." + i + ".pid", "-1")));
        }
        return pids;
    }
}
