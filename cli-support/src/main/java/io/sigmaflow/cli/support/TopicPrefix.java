package io.sigmaflow.cli.support;

import picocli.CommandLine.Option;

/** {@code --prefix P}: the topic prefix of a job's environment ({@code Topics.of(prefix, ...)}). */
public final class TopicPrefix {
    @Option(names = "--prefix", paramLabel = "P", description = "topic prefix of the job's environment (default: none, sigma.*)")
    private String prefix = "";

    public String prefix() {
        return prefix;
    }
}
