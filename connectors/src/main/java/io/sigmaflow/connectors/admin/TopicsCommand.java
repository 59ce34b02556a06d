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

/** {@code ./sigma topics --bootstrap HOST:PORT [--prefix P] [--partitions N]}: creates the missing topics. */
@Command(name = "topics",
        description = {"Create the SigmaFlow topics missing on a Kafka cluster, with their partition counts and cleanup"
            + " policies; report existing ones whose partition count differs (never changes them)."},
        footer = "  ./sigma topics --bootstrap kafka-1:9092 --prefix staging- --partitions 12")
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

    public static void main(String[] args) {
        SigmaCli.main(new TopicsCommand(), args);
    }

    @Override
    public Integer call() {
        Problems problems = new Problems();
        if (partitions != null && partitions < 1) {
            problems.add("--partitions: " + partitions + " must be a positive integer");
        }
        problems.throwIfAny(spec);
        try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
            TopicAdmin.Report report = admin.ensure(Topics.of(prefix.prefix(), partitions == null ? 0 : partitions).all());
            report.created().forEach(t -> System.out.println("created  " + t));
            report.existing().forEach(t -> System.out.println("exists   " + t));
            report.mismatched().forEach(m -> System.out.println("WARNING  " + m));
        }
        return 0;
    }
}
