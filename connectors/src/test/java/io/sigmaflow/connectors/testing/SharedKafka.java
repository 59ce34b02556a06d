package io.sigmaflow.connectors.testing;

import io.sigmaflow.connectors.local.LocalKafkaBroker;

/**
 * One real KRaft broker per test JVM, started on first use and stopped when the JVM exits.
 * Tests isolate themselves with a unique topic prefix ({@link #uniquePrefix}).
 */
public final class SharedKafka {
    private static LocalKafkaBroker broker;
    private static int prefixes;

    private SharedKafka() {}

    public static synchronized LocalKafkaBroker broker() {
        if (broker == null) {
            broker = LocalKafkaBroker.startEphemeral();
            LocalKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-broker-shutdown"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A topic-name prefix no other test in this JVM uses. */
    public static synchronized String uniquePrefix(String testName) {
        return testName.replaceAll("[^A-Za-z0-9]", "").toLowerCase() + "-" + (++prefixes) + "-";
    }
}
