package io.sigmaflow.connectors.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run from the
 * Maven jars inside this JVM, bound to 127.0.0.1. For the local stack and integration tests.
 *
 * <p>{@link LocalKafkaCommand} ({@code ./sigma kafka}) runs one in the foreground until killed.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final KafkaRaftServer server;

    private LocalKafkaBroker(Path dataDir, boolean ownsDataDir, int port, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
        this.server = server;
    }

    /** Starts a broker on free ports with its data in a fresh temp directory, deleted on close. */
    public static LocalKafkaBroker startEphemeral() {
        try {
            return start(Files.createTempDirectory("sigmaflow-kafka-"), LocalPorts.free(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for the broker", e);
        }
    }

    /**
     * Starts a broker on {@code port} keeping its data in {@code dataDir}; an existing data
     * directory is reused, so topics and records survive a restart.
     */
    public static LocalKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, false, null);
    }

    /**
     * Starts a broker on a free port, data in a fresh temp directory (deleted on close), with TLS +
     * SASL/SCRAM on its client listener and the StandardAuthorizer denying what no ACL allows.
     */
    public static LocalKafkaBroker startSecureEphemeral(SecureKafka security) {
        try {
            return start(Files.createTempDirectory("sigmaflow-kafka-"), LocalPorts.free(), true, security);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for the broker", e);
        }
    }

    /** {@link #start(Path, int)} with TLS + SASL/SCRAM and ACLs on ({@link SecureKafka}). */
    public static LocalKafkaBroker startSecure(Path dataDir, int port, SecureKafka security) {
        return start(dataDir, port, false, security);
    }

    private static LocalKafkaBroker start(Path dataDir, int port, boolean ownsDataDir) {
        return start(dataDir, port, ownsDataDir, null);
    }

    private static LocalKafkaBroker start(Path dataDir, int port, boolean ownsDataDir, SecureKafka security) {
        try {
            Files.createDirectories(dataDir);
            int controllerPort = LocalPorts.free();
            Path logDir = dataDir.resolve("log");
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            // One node: every internal topic has a single replica.
            props.put("offsets.topic.replication.factor", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("default.replication.factor", "1");
            props.put("min.insync.replicas", "1");
            // Consumers in tests and the local stack join at once instead of waiting 3 s.
            props.put("group.initial.rebalance.delay.ms", "0");
            // Fewer offsets-topic partitions: faster start, nothing lost for a one-node cluster.
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.num.partitions", "5");
            props.put("auto.create.topics.enable", "false");
            props.put("log.cleaner.backoff.ms", "1000");
            if (security != null) {
                props.putAll(security.brokerProperties(port, controllerPort));
            }
            Path propsFile = dataDir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(propsFile)) {
                props.store(out, "SigmaFlow local KRaft broker");
            }
            if (security != null) {
                // it holds the keystore password and the broker's own SCRAM login
                Files.setPosixFilePermissions(propsFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(propsFile, security == null ? java.util.List.of() : security.formatArguments());
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            LOG.info("Kafka broker up on 127.0.0.1:{} (data in {})", port, dataDir);
            return new LocalKafkaBroker(dataDir, ownsDataDir, port, server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data directory " + dataDir, e);
        }
    }

    private static void format(Path propsFile, java.util.List<String> extra) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // A static quorum (controller.quorum.voters): formatted without --standalone.
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted"));
        args.addAll(extra);
        int rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the broker's storage failed (exit " + rc + "): "
                    + captured.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
