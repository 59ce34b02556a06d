package io.sigmaflow.cli.support;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap} and {@code --prefix} for a command that talks to a job's Kafka topics and
 * defaults to the local stack's broker ({@code ./sigma up}). A command for which there is no
 * sensible default declares {@code --bootstrap} itself, required, with {@link BootstrapConverter},
 * and mixes in {@link TopicPrefix}.
 */
public final class KafkaTarget {
    /** The broker {@code ./sigma up} runs. */
    public static final String LOCAL_STACK = "127.0.0.1:9092";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", converter = BootstrapConverter.class,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the local stack's)")
    private String bootstrap = LOCAL_STACK;

    @Option(names = "--prefix", paramLabel = "P", description = "topic prefix of the job's environment (default: none, sigma.*)")
    private String prefix = "";

    public String bootstrap() {
        return bootstrap;
    }

    public String prefix() {
        return prefix;
    }
}
