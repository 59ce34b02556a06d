package io.sigmaflow.cli.local;

import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.connectors.view.CommittedCluster;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma status [--bootstrap HOST:PORT] [--prefix P]}: the cluster as the job committed
 * it, read from the compacted node-state topic (read_committed, to its end): nodes by switch and
 * chassis with allocated / allocatable, pods per node by app, and each app's dispersion.
 */
@Command(name = "status",
        description = "The committed cluster: nodes by switch and chassis, allocated / allocatable, pods by app, dispersion.",
        footer = "  ./sigma status --bootstrap 127.0.0.1:9092")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private KafkaTarget kafka;

    public static void main(String[] args) {
        SigmaCli.main(new StatusCommand(), args);
    }

    @Override
    public Integer call() {
        try (StackClient client = new StackClient(kafka.bootstrap(), Topics.of(kafka.prefix(), 0), Duration.ofSeconds(10))) {
            CommittedCluster cluster = CommittedCluster.of(client.readToEnd(client.topics().nodeState()));
            spec.commandLine().getOut().print(ClusterReport.status(cluster));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("status: " + e.getMessage());
            return 1;
        }
    }
}
