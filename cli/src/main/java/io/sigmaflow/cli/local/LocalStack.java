package io.sigmaflow.cli.local;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.jobs.job.EarlierWork;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.jobs.job.RetainedCheckpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma up}: the local stack on its embedded defaults. A KRaft broker on 127.0.0.1:9092
 * (data in {@code .sigma/kafka}), every topic, and the placement job on a local Flink with its web
 * dashboard on http://127.0.0.1:8081, configured by {@code flink-conf/config.yaml} (RocksDB,
 * incremental checkpoints into {@code .sigma/checkpoints}). A restart resumes from the last
 * checkpoint the previous run left (checkpoints are kept on cancel), so the job's state and its
 * Kafka offsets stay together. Unless {@code --no-demo}, the {@link DemoFeed} then registers a
 * small cluster, publishes a few apps and prints where their pods went. Ctrl-C cancels the job and
 * stops the broker.
 */
@Command(name = "up",
        description = {"Run the local stack: a KRaft broker, every topic, the placement job on a local Flink with its"
            + " dashboard on http://127.0.0.1:8081 and, unless --no-demo, a demo cluster and apps with where their pods"
            + " went. Ctrl-C stops it; the last checkpoint is kept for the next start.",
            "Exit code 3: .sigma/kafka outlived .sigma/checkpoints (an earlier run the job would not know)."},
        footer = "  ./sigma up --no-demo --port 19092")
public final class LocalStack implements Callable<Integer> {
    static final Path HOME = Path.of(".sigma");

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the broker's port (default: ${DEFAULT-VALUE})")
    private int port = 9092;

    @Option(names = "--dashboard-port", paramLabel = "N",
            description = "the Flink dashboard's port (default: ${DEFAULT-VALUE}; another when a second stack runs on this machine)")
    private int dashboardPort = 8081;

    @Option(names = "--no-demo", description = "start the stack only, without the demo feed")
    private boolean noDemo;

    @Option(names = "--no-hosts", description = "(./sigma launcher) do not start the 12 simulated hosts beside the stack")
    private boolean noHosts;

    public static void main(String[] args) {
        SigmaCli.main(new LocalStack(), args);
    }

    @Override
    public Integer call() throws Exception {
        Problems problems = new Problems();
        if (port < 1 || port > 65535) {
            problems.add("--port: " + port + " must be between 1 and 65535");
        }
        if (dashboardPort < 1 || dashboardPort > 65535) {
            problems.add("--dashboard-port: " + dashboardPort + " must be between 1 and 65535");
        }
        problems.throwIfAny(spec);
        boolean demo = !noDemo;
        LocalKafkaBroker broker = LocalKafkaBroker.start(HOME.resolve("kafka"), port);
        Map<String, String> keys = new HashMap<>();
        keys.put(PlacementJobConfig.BOOTSTRAP, broker.bootstrapServers());
        keys.put("execution.checkpointing.dir", HOME.resolve("checkpoints").toAbsolutePath().toUri().toString());
        keys.put("execution.checkpointing.savepoint-dir", HOME.resolve("savepoints").toAbsolutePath().toUri().toString());
        keys.put("rest.bind-address", "127.0.0.1");
        keys.put("rest.address", "127.0.0.1");
        keys.put("rest.port", String.valueOf(dashboardPort));
        Optional<String> resume = RetainedCheckpoints.latest(HOME.resolve("checkpoints").toAbsolutePath().toUri().toString())
                .map(c -> c.dir().toString());
        resume.ifPresent(p -> keys.put("execution.state-recovery.path", p));
        Configuration conf = FlinkConfigFiles.load(FlinkConfigFiles.DEFAULT_DIR, keys);
        PlacementJobConfig config = PlacementJobConfig.from(conf);
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensure(config.topics().all());
        }
        if (resume.isEmpty()) {
            // The broker kept its data but the checkpoints are gone: the job would start knowing
            // nothing of the nodes and apps Kafka still shows (as ./sigma placement-job refuses to).
            List<String> found = EarlierWork.find(config);
            if (!found.isEmpty()) {
                System.err.println("up: no checkpoint in " + HOME.resolve("checkpoints") + ", but " + broker.dataDir()
                        + " shows an earlier run:");
                found.forEach(f -> System.err.println("  - " + f));
                System.err.println("The job would start knowing none of it. To start over, remove " + HOME + " (all of it).");
                broker.close();
                return 3;
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        PlacementJob.onKafka(config).build(env);
        JobClient job = env.executeAsync("SigmaFlow placement");

        System.out.println("SigmaFlow local stack");
        System.out.println("  kafka      " + broker.bootstrapServers() + "  (data in " + broker.dataDir() + ")");
        System.out.println("  flink      http://127.0.0.1:" + dashboardPort + "  job " + job.getJobID()
                + resume.map(p -> "  (resumed from " + p + ")").orElse(""));
        for (Topic<?> t : config.topics().all()) {
            System.out.printf("  topic      %-28s %d partitions%s%n", t.name(), t.partitions(), t.compacted() ? ", compacted" : "");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("cancelling the job: " + e.getMessage());
            }
            broker.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        if (demo) {
            runDemo(broker.bootstrapServers(), config);
        }
        System.out.println("Ctrl-C stops it (the last checkpoint is kept for the next start).");
        stopped.await();
        return 0;
    }

    /**
     * The demo feed, then its report. A failure is reported and leaves the stack running: the
     * broker and the job are still worth having.
     */
    private static void runDemo(String bootstrap, PlacementJobConfig config) {
        System.out.println();
        try (StackClient kafka = new StackClient(bootstrap, config.topics(), Duration.ofSeconds(120))) {
            DemoFeed.Result result = new DemoFeed(kafka, Duration.ofSeconds(120), System.out).run();
            System.out.println();
            System.out.print(result.report());
            System.out.println();
            System.out.println("Next: ./sigma status      the committed cluster by switch and chassis, at any time");
            if (!System.getenv().getOrDefault("SIGMA_UP_HOSTS", "").isEmpty()) {
                // ./sigma up started the demo's simulated hosts beside this JVM.
                System.out.println("      tail -f .sigma/hosts.log  " + DemoCluster.HOSTS
                        + " simulated hosts run these pods as processes and report their status");
            } else {
                System.out.println("      ./sigma hosts --count " + DemoCluster.HOSTS + " --bootstrap " + bootstrap
                        + " --cgroups simulated --dir " + HOME.resolve("hosts").toAbsolutePath());
                System.out.println("                          executors for these nodes, in a second terminal (README.md, Hosts)");
            }
        } catch (Exception e) {
            System.err.println("demo: " + e.getMessage());
        }
    }
}
