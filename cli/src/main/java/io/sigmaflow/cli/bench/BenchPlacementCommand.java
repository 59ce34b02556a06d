package io.sigmaflow.cli.bench;

import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ./sigma bench placement}: its options, their checks, and the run. */
@Command(name = "placement",
        description = {"Benchmark placement: generated nodes (core switches x chassis x hosts) and pods from many apps"
            + " (1 to 500 replicas each). Last line: a JSON summary.",
            "End-to-end mode (without --core-only): the nodes and one PUBLISH per app go through a real Kafka broker"
            + " into the placement job (RocksDB, checkpoints, exactly once); latency is request produced -> placement"
            + " readable by executors (read_committed).",
            "--cluster: the same against the cluster ./sigma cluster up started; the JSON adds deployment, taskmanagers,"
            + " brokers, job_restarts and the cpu of each role."},
        footer = {"  ./sigma bench placement --nodes 2000 --pods 20000 --parallelism 2 --rate 5000 --out target/bench-run",
            "  ./sigma cluster up && ./sigma bench placement --nodes 10000 --pods 100000 --cluster --kill-taskmanager-at 0.5"})
final class BenchPlacementCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BenchCommand parent;

    @Option(names = "--nodes", paramLabel = "N", converter = WholeNumber.class,
            description = "nodes to generate; required (10_000 reads as 10000)")
    private Integer nodes;

    @Option(names = "--pods", paramLabel = "M", converter = WholeNumber.class, description = "pods to place; required")
    private Integer pods;

    @Option(names = "--core-only", description = "run the decision core in one process, without Kafka or Flink")
    private boolean coreOnly;

    @Option(names = "--out", paramLabel = "DIR", description = "also write DIR/nodes.csv and DIR/placements.csv")
    private Path out;

    @Option(names = "--seed", paramLabel = "S", description = "generator seed (default: ${DEFAULT-VALUE}): the same seed gives the same input")
    private long seed = 1;

    @Option(names = "--hosts-per-chassis", paramLabel = "H", converter = WholeNumber.class,
            description = "topology shape (default: ${DEFAULT-VALUE})")
    private int hostsPerChassis = 40;

    @Option(names = "--chassis-per-switch", paramLabel = "C", converter = WholeNumber.class,
            description = "topology shape (default: ${DEFAULT-VALUE})")
    private int chassisPerSwitch = 25;

    @Option(names = "--max-candidates", paramLabel = "K", converter = WholeNumber.class,
            description = "feasible nodes scored per pod (default: the profile's, 0 = all)")
    private Integer maxCandidates;

    @Option(names = "--parallelism", paramLabel = "P", converter = WholeNumber.class,
            description = "end-to-end: job parallelism (default: flink-conf/config.yaml's)")
    private Integer parallelism;

    @Option(names = "--rate", paramLabel = "R", converter = WholeNumber.class,
            description = "end-to-end: offer R pods/s (default: as fast as possible)")
    private Integer rate;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"end-to-end: checkpoint interval (default: flink-conf/config.yaml's)", "(" + SigmaCli.DURATIONS + ")"})
    private Duration checkpointInterval;

    @Option(names = "--order", paramLabel = "O", description = "end-to-end: event-time (default) or arrival")
    private String order;

    @Option(names = "--flink", paramLabel = "KEY=VALUE", description = "end-to-end: a Flink setting over flink-conf/config.yaml's (repeatable)")
    private Map<String, String> flink = new TreeMap<>();

    @Option(names = "--profile", paramLabel = "P", description = {"end-to-end: the Flink settings profile, throughput"
            + " (default: flink-conf/config.yaml) or latency (flink-conf/profile-latency.yaml over it);",
            "--checkpoint-interval and --flink apply over the profile"})
    private String profile;

    @Option(names = "--cluster", description = {"end-to-end on the cluster ./sigma cluster up started (the job jar on its"
            + " TaskManagers, its replicated topics) instead of an embedded broker and mini cluster;",
            "the run's apps and nodes get a run-id prefix and are destroyed and removed afterwards"})
    private boolean cluster;

    @Option(names = "--dir", paramLabel = "DIR", description = "with --cluster: the cluster directory (default .sigma/cluster)")
    private Path clusterDir;

    @Option(names = "--kill-taskmanager-at", paramLabel = "F",
            description = "with --cluster: kill -9 the busiest TaskManager once a share F (0 < F < 1) of the pods is placed")
    private Double killTaskManagerAt;

    @Option(names = "--fleet-hosts", paramLabel = "N", converter = WholeNumber.class,
            description = {"end-to-end, embedded: size the host-facing topics (placements, priority changes) for N hosts,"
                + " max(8, ceil(N / 16)) partitions (sets " + PlacementJobConfig.FLEET_HOSTS + "; default: 8 like the others)"})
    private Integer fleetHosts;

    @Option(names = "--host-readers", description = {"end-to-end, embedded: one simulated host per node reads its"
            + " partition of the placements topic as a node-executor does (read_committed, assign);",
            "reports records and bytes fetched by hosts per placement and the broker's bytes out"})
    private boolean hostReaders;

    /** Whole numbers, {@code _} allowed as a separator ({@code 10_000}), never negative. */
    static final class WholeNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.replace("_", ""));
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("must be a non-negative integer, got '" + value + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        PrintStream out = parent.out;
        if (!options.coreOnly()) {
            EndToEndBench.Result e2e;
            try {
                e2e = new EndToEndBench(options, out).run();
            } catch (IllegalStateException e) {
                // No cluster, its job not RUNNING, nodes left on it, ...: the reason, without a trace.
                spec.commandLine().getErr().println("bench placement: " + e.getMessage());
                return BenchCommand.FAILED;
            }
            if (options.out() != null) {
                BenchCsv.write(options.out(), e2e.nodes(), e2e.placements());
                out.printf("wrote %s and %s in %s%n", BenchCsv.NODES_FILE, BenchCsv.PLACEMENTS_FILE, options.out());
            }
            BenchResult r = e2e.summary();
            out.printf("placements/s %.0f, p50 %.1f ms, p99 %.1f ms, outcome p50 %s ms, p99 %s ms%n",
                    r.placementsPerSecond(), r.p50Ms(), r.p99Ms(), e2e.extra().get("outcome_p50_ms"),
                    e2e.extra().get("outcome_p99_ms"));
            out.println(r.toJson(e2e.extra()));
            boolean clean = r.overcommittedNodes() == 0 && r.avoidableColocations() == 0
                    && ((Number) e2e.extra().get("duplicate_binds")).intValue() == 0
                    && ((Number) e2e.extra().get("unknown_nodes")).intValue() == 0 && r.placed() + r.pending() == r.pods();
            return clean ? 0 : BenchCommand.VIOLATION;
        }
        BenchResult result = new CoreOnlyBench(options, out).run();
        out.printf("placements/s %.0f, p50 %.4f ms, p99 %.4f ms%n", result.placementsPerSecond(), result.p50Ms(),
                result.p99Ms());
        out.println(result.toJson());
        return result.overcommittedNodes() == 0 && result.avoidableColocations() == 0 ? 0 : BenchCommand.VIOLATION;
    }

    /** The checked options; a usage error naming every problem otherwise. */
    BenchOptions options() {
        Problems problems = new Problems();
        if (nodes == null) {
            problems.add("--nodes is required");
        }
        if (pods == null) {
            problems.add("--pods is required");
        }
        positive(problems, "--nodes", nodes);
        positive(problems, "--pods", pods);
        positive(problems, "--hosts-per-chassis", hostsPerChassis);
        positive(problems, "--chassis-per-switch", chassisPerSwitch);
        positive(problems, "--parallelism", parallelism);
        positive(problems, "--rate", rate);
        if (checkpointInterval != null && checkpointInterval.toMillis() < 1) {
            problems.add("--checkpoint-interval must be at least 1ms, got '" + checkpointInterval + "'");
        }
        if (order != null && !order.equals("event-time") && !order.equals("arrival")) {
            problems.add("--order must be event-time or arrival, got '" + order + "'");
        }
        if (coreOnly && parallelism != null) {
            problems.add("--parallelism applies to the end-to-end mode only, not with --core-only");
        }
        if (coreOnly && rate != null) {
            problems.add("--rate applies to the end-to-end mode only, not with --core-only");
        }
        if (coreOnly && (checkpointInterval != null || order != null || !flink.isEmpty())) {
            problems.add("--checkpoint-interval, --order and --flink apply to the end-to-end mode only,"
                    + " not with --core-only");
        }
        if (profile != null && !profile.equals(BenchOptions.THROUGHPUT) && !profile.equals(BenchOptions.LATENCY)) {
            problems.add("--profile must be throughput or latency, got '" + profile + "'");
        }
        if (profile != null && (coreOnly || cluster)) {
            problems.add("--profile sets the embedded job's Flink settings: not with --core-only or --cluster"
                    + " (the cluster's settings: ./sigma cluster up --flink KEY=VALUE)");
        }
        if (coreOnly && cluster) {
            problems.add("--cluster runs end to end: not with --core-only");
        }
        if (cluster && (checkpointInterval != null || order != null || !flink.isEmpty() || maxCandidates != null)) {
            problems.add("--checkpoint-interval, --order, --flink and --max-candidates set the embedded job: with --cluster"
                    + " the job runs with the cluster's settings (./sigma cluster up --flink KEY=VALUE, ./sigma job submit --set)");
        }
        if (!cluster && clusterDir != null) {
            problems.add("--dir applies to --cluster only");
        }
        if (!cluster && killTaskManagerAt != null) {
            problems.add("--kill-taskmanager-at applies to --cluster only (the embedded run has no TaskManager process)");
        }
        if (killTaskManagerAt != null && !(killTaskManagerAt > 0 && killTaskManagerAt < 1)) {
            problems.add("--kill-taskmanager-at must be between 0 and 1 (exclusive), the share of pods placed before the kill,"
                    + " got '" + killTaskManagerAt + "'");
        }
        positive(problems, "--fleet-hosts", fleetHosts);
        if ((fleetHosts != null || hostReaders) && (coreOnly || cluster)) {
            problems.add("--fleet-hosts and --host-readers apply to the embedded end-to-end run only, not with --core-only"
                    + " or --cluster (the cluster's topics: ./sigma cluster up --fleet-hosts N)");
        }
        problems.throwIfAny(spec);
        Map<String, String> flinkKeys = new java.util.LinkedHashMap<>(flink);
        if (fleetHosts != null) {
            flinkKeys.put(PlacementJobConfig.FLEET_HOSTS, fleetHosts.toString());
        }
        return new BenchOptions(nodes, pods, coreOnly, out, seed, parallelism == null ? 0 : parallelism,
                rate == null ? 0 : rate, hostsPerChassis, chassisPerSwitch, maxCandidates == null ? -1 : maxCandidates,
                checkpointInterval == null ? 0 : Math.toIntExact(checkpointInterval.toMillis()), order, flinkKeys, cluster,
                clusterDir, killTaskManagerAt == null ? 0 : killTaskManagerAt,
                profile == null ? BenchOptions.THROUGHPUT : profile, hostReaders);
    }

    private static void positive(Problems problems, String option, Integer value) {
        if (value != null && value == 0) {
            problems.add(option + " must be a positive integer, got '0'");
        }
    }
}
