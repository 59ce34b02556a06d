package io.sigmaflow.connectors.admin;

import io.sigmaflow.cli.support.BootstrapConverter;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.TopicPrefix;
import io.sigmaflow.connectors.topics.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./sigma topics --bootstrap HOST:PORT [--prefix P] [--partitions N] [--fleet-hosts N]}: creates the missing topics. */
@Command(name = "topics",
        description = {"Create the SigmaFlow topics missing on a Kafka cluster, with their partition counts and cleanup"
            + " policies; report existing ones whose partition count differs (never changes them)."},
        footer = {"  ./sigma topics --bootstrap kafka-1:9092 --prefix staging- --partitions 12",
            "  ./sigma topics --bootstrap kafka-1:9092 --fleet-hosts 10000    (placements and priority changes: 625 partitions)"})
public final class TopicsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, converter = BootstrapConverter.class,
            description = "Kafka bootstrap servers; required")
    private String bootstrap;

    @Mixin
    private TopicPrefix prefix;

    @Option(names = "--partitions", paramLabel = "N", description = "partitions of the keyed topics (default: the catalogue's)")
    private Integer partitions;

    @Option(names = "--fleet-hosts", paramLabel = "N",
            description = {"expected hosts: the topics executors read by node id (placements, priority changes) get"
                + " max(8, ceil(N / 16)) partitions, so each record is fetched by about 16 hosts (default: like the others)"})
    private Integer hosts;

    public static void main(String[] args) {
        SigmaCli.main(new TopicsCommand(), args);
    }

    @Override
    public Integer call() {
        Problems problems = new Problems();
        if (partitions != null && partitions < 1) {
            problems.add("--partitions: " + partitions + " must be a positive integer");
        }
        if (hosts != null && hosts < 1) {
            problems.add("--fleet-hosts: " + hosts + " must be a positive integer (the fleet's expected size)");
        }
        problems.throwIfAny(spec);
        Topics topics = Topics.of(prefix.prefix(), partitions == null ? 0 : partitions).withHosts(hosts == null ? 0 : hosts);
        try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
            TopicAdmin.Report report = admin.ensure(topics.all());
            report.created().forEach(t -> System.out.println("created  " + t));
            report.existing().forEach(t -> System.out.println("exists   " + t));
            report.mismatched().forEach(m -> System.out.println("WARNING  " + m));
        }
        return 0;
    }
}
