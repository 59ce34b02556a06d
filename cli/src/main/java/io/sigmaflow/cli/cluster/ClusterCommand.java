package io.sigmaflow.cli.cluster;

import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sigma cluster up | status | down}: see {@link LocalCluster}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A local multi-process deployment: KRaft brokers, a Flink session cluster, the job jar on it.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
public final class ClusterCommand {
    /** The cluster directory, default {@code .sigma/cluster} of the repository. */
    static class DirOption {
        @Option(names = "--dir", description = "cluster directory: pids, logs, Kafka data, checkpoints (default .sigma/cluster)")
        Path dir;

        ClusterFiles files() {
            Path repo = ClusterFiles.findRepo();
            return new ClusterFiles(repo, dir != null ? dir : repo.resolve(".sigma/cluster"));
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start brokers, JobManager (dashboard), TaskManagers, run the job jar; returns once it is RUNNING."
                    + " On a cluster with dead processes: starts only those again and resumes the job from its newest state.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();

        @Option(names = "--brokers", defaultValue = "3", description = "Kafka brokers (3: topics replicated 3 times, min.insync.replicas 2)")
        int brokers;

        @Option(names = "--taskmanagers", defaultValue = "2", description = "Flink TaskManagers, 2 slots each")
        int taskManagers;

        @Option(names = "--rest-port", defaultValue = "8081", description = "dashboard and REST port (0: any free one)")
        int restPort;

        @Option(names = "--kafka-port", defaultValue = "9192",
                description = "first broker port; brokers take the next ones, controllers 100 above (0: any free ones)")
        int kafkaPort;

        @Option(names = "--flink", description = "a Flink or sigmaflow.* setting over the cluster's config.yaml, repeatable")
        Map<String, String> flink = new LinkedHashMap<>();

        @Option(names = "--profile", paramLabel = "P", description = "the job's settings profile: throughput (flink-conf/config.yaml,"
                + " the default) or latency (flink-conf/profile-latency.yaml over it); --flink applies over it")
        String profile;

        @Option(names = "--timeout", defaultValue = "PT3M", description = "how long each step may take (ISO-8601, e.g. PT3M)")
        Duration timeout;

        @Option(names = "--secure", description = "TLS + SASL/SCRAM and ACLs on the brokers, a principal and client file per role"
                + " (in DIR/security); the cluster stays secure across up and down. Default: plaintext")
        boolean secure;

        @Option(names = "--hosts", split = ",", paramLabel = "NODE",
                description = "with --secure: the nodes given a host principal (User:sigma-host-NODE); default node-1,node-2,node-3")
        List<String> hosts = new ArrayList<>();

        @Option(names = "--fleet-hosts", paramLabel = "N",
                description = "expected hosts: placements and priority changes get max(8, ceil(N / 16)) partitions"
                        + " (sets the job's " + PlacementJobConfig.FLEET_HOSTS + "); default: 8 like the other topics")
        Integer fleetHosts;

        @Override
        public Integer call() throws Exception {
            if (profile != null) {
                try {
                    flink = FlinkConfigFiles.withProfile(dir.files().repoFlinkConf(), profile, flink);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--profile: " + e.getMessage());
                }
            }
            if (fleetHosts != null) {
                if (fleetHosts < 1) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--fleet-hosts: " + fleetHosts + " must be a positive integer (the fleet's expected size)");
                }
                flink.put(PlacementJobConfig.FLEET_HOSTS, fleetHosts.toString());
            }
            if (brokers < 1 || taskManagers < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--brokers and --taskmanagers: at least 1");
            }
            for (String h : hosts) {
                if (!h.matches("[A-Za-z0-9._-]+")) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--hosts: '" + h + "' is not a node name (letters, digits, '.', '_', '-')");
                }
            }
            return new LocalCluster(dir.files(), System.out).up(
                    new LocalCluster.Options(brokers, taskManagers, restPort, kafkaPort, flink, timeout, secure, hosts));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Every process (role, pid, alive, endpoint), the job's state and restarts.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();

        @Option(names = "--json", description = "one JSON object: kafka.bootstrap, kafka.brokers[], flink.rest, flink.jobmanager, flink.taskmanagers[], job")
        boolean json;

        @Override
        public Integer call() throws Exception {
            new LocalCluster(dir.files(), System.out).printStatus(json);
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Cancel the job (its last checkpoint kept) and stop every process this cluster directory started.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin DirOption dir = new DirOption();

        @Override
        public Integer call() throws Exception {
            new LocalCluster(dir.files(), System.out).down();
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new ClusterCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("cluster: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
