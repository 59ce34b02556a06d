package io.sigmaflow.cli.local;

import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.connectors.view.CommittedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./sigma status [--bootstrap HOST:PORT] [--prefix P]}: the cluster as the job committed
 * it, read from the compacted node-state topic (read_committed, to its end): nodes by switch and
 * chassis with allocated / allocatable, pods per node by app, and each app's dispersion.
 */
public final class StatusCommand {
    static final String USAGE = """
            usage: status [--bootstrap HOST:PORT] [--prefix P]
              --bootstrap  Kafka to read (default 127.0.0.1:9092, the local stack's)
              --prefix     topic prefix of the job's environment (default none: sigma.*)""";

    private StatusCommand() {}

    public static void main(String[] args) {
        String bootstrap = "127.0.0.1:9092";
        String prefix = "";
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (!a.equals("--bootstrap") && !a.equals("--prefix")) {
                problems.add(a + ": unknown option");
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                problems.add(a + ": needs a value");
                continue;
            }
            String v = args[++i];
            if (a.equals("--bootstrap")) {
                if (v.isBlank() || !v.contains(":")) {
                    problems.add("--bootstrap " + v + ": expected HOST:PORT");
                }
                bootstrap = v;
            } else {
                prefix = v;
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("status: invalid arguments:");
            problems.forEach(p -> System.err.println("  " + p));
            System.err.println(USAGE);
            System.exit(2);
        }
        try (StackClient kafka = new StackClient(bootstrap, Topics.of(prefix, 0), Duration.ofSeconds(10))) {
            CommittedCluster cluster = CommittedCluster.of(kafka.readToEnd(kafka.topics().nodeState()));
            System.out.print(ClusterReport.status(cluster));
        } catch (IllegalStateException e) {
            System.err.println("status: " + e.getMessage());
            System.exit(1);
        }
    }
}
