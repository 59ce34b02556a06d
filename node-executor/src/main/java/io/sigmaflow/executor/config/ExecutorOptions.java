package io.sigmaflow.executor.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The executor's command-line options (a picocli mixin of {@code ./sigma node-executor}); the
 * settings themselves come from {@code --config} and {@code --set}, read and checked by
 * {@link ExecutorConfigReader#read}. {@code --node-id} and {@code --bootstrap} are checked there
 * too, so that every problem of a host's configuration is reported at once.
 */
public final class ExecutorOptions {
    @Option(names = "--node-id", paramLabel = "ID", description = "this host's node id (A-Z a-z 0-9 . _ -, at most 128); required")
    String nodeId;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,HOST:PORT]", description = "Kafka bootstrap servers; required")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE",
            description = "properties file with the other settings (node-executor/dist/node-executor.properties)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "one setting, overriding the file (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();
}
