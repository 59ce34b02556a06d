package io.sigmaflow.cli.cluster;

import io.sigmaflow.connectors.local.LocalPorts;
import io.sigmaflow.connectors.security.KafkaClientConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft Kafka cluster of N nodes, each its own process ({@code kafka.Kafka server.properties})
 * acting as broker and controller, with a static quorum of all of them. With 3 or more nodes a
 * topic gets 3 replicas and accepts a write once 2 hold it (the brokers' defaults, which
 * {@code TopicAdmin} and the job's topic creation use), so one broker may die without loss.
 * Data under {@code kafka/node-I}, formatted once: a second {@code up} on the same directory
 * reuses it (and the ports recorded in {@code cluster.properties}, which the quorum names).
 */
final class KafkaNodes {
    static final String MAIN = "kafka.Kafka";
    private final ClusterFiles files;
    /** TLS + SASL/SCRAM and ACLs ({@code cluster up --secure}); null: plaintext. */
    private final ClusterSecurity security;

    KafkaNodes(ClusterFiles files) {
        this(files, null);
    }

    KafkaNodes(ClusterFiles files, ClusterSecurity security) {
        this.files = files;
        this.security = security;
    }

    /** Ports for {@code count} nodes: recorded ones, else from {@code firstPort} (0: any free) on. */
    static List<int[]> ports(Properties state, int count, int firstPort) {
        List<int[]> ports = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String b = state.getProperty("kafka.broker." + i + ".port");
            String c = state.getProperty("kafka.broker." + i + ".controller-port");
            if (b != null && c != null) {
                ports.add(new int[] {Integer.parseInt(b), Integer.parseInt(c)});
            } else if (firstPort == 0) {
                ports.add(new int[] {LocalPorts.free(), LocalPorts.free()});
            } else {
                ports.add(new int[] {firstPort + i - 1, firstPort + 100 + i - 1});
            }
        }
        return ports;
    }

    /** Writes each node's properties, formats new storage, starts the nodes; records them in {@code state}. */
    void start(Properties state, List<int[]> ports) throws IOException, InterruptedException {
        start(state, ports, java.util.stream.IntStream.rangeClosed(1, ports.size()).boxed().toList());
    }

    /**
     * Starts only the nodes {@code ids} (1-based) of a quorum of {@code ports.size()}: a node that
     * died is started again on its recorded ports and data, and rejoins the others.
     */
    void start(Properties state, List<int[]> ports, List<Integer> ids) throws IOException, InterruptedException {
        int n = ports.size();
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < n; i++) {
            voters.add((i + 1) + "@127.0.0.1:" + ports.get(i)[1]);
        }
        String clusterId = state.getProperty("kafka.cluster-id", Uuid.randomUuid().toString());
        state.setProperty("kafka.cluster-id", clusterId);
        for (int i : ids) {
            int[] p = ports.get(i - 1);
            checkFree(p[0], "Kafka broker " + i);
            checkFree(p[1], "Kafka controller " + i);
            Path nodeDir = files.dir().resolve("kafka/node-" + i);
            Path props = nodeDir.resolve("server.properties");
            Files.createDirectories(nodeDir);
            Properties nodeProps = properties(i, p, voters.toString(), n, nodeDir.resolve("data"));
            List<String> format = new ArrayList<>(List.of("format", "-t", clusterId, "-c", props.toString(), "--ignore-formatted"));
            if (security != null) {
                nodeProps.putAll(security.kafka().brokerProperties(p[0], p[1]));
                // the admin's SCRAM credential goes into the first metadata: SASL works before any user exists
                format.addAll(security.kafka().formatArguments());
            }
            write(props, nodeProps);
            if (security != null) {
                // it holds the keystore password and the brokers' own SCRAM login
                Files.setPosixFilePermissions(props, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            if (!Files.exists(nodeDir.resolve("data/meta.properties"))) {
                JavaProcesses.run(List.of("-Xmx256m"), files.kafkaClasspath(), "kafka.tools.StorageTool", format);
            }
            long pid = JavaProcesses.start(List.of("-Xms256m", "-Xmx512m",
                            "-Dlog4j2.configurationFile=" + files.repoFlinkConf().resolve("log4j-console.properties").toUri()),
                    files.kafkaClasspath(), MAIN, List.of(props.toString()), files.logs().resolve("kafka-" + i + ".log"));
            state.setProperty("kafka.broker." + i + ".pid", Long.toString(pid));
            state.setProperty("kafka.broker." + i + ".port", Integer.toString(p[0]));
            state.setProperty("kafka.broker." + i + ".controller-port", Integer.toString(p[1]));
        }
        state.setProperty("kafka.brokers", Integer.toString(n));
        state.setProperty("kafka.bootstrap", bootstrap(ports));
    }

    static String bootstrap(List<int[]> ports) {
        StringJoiner s = new StringJoiner(",");
        ports.forEach(p -> s.add("127.0.0.1:" + p[0]));
        return s.toString();
    }

    /** Waits until the cluster reports every node as a broker. */
    static void awaitBrokers(String bootstrap, int n, Duration timeout) throws InterruptedException {
        awaitBrokers(bootstrap, Map.of(), n, timeout);
    }

    /** {@link #awaitBrokers(String, int, Duration)} as the client {@code clientProperties} (TLS, SASL) describe. */
    static void awaitBrokers(String bootstrap, Map<String, String> clientProperties, int n, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Map<String, Object> props = new java.util.HashMap<>(KafkaClientConfig.clientProperties(bootstrap));
            props.putAll(clientProperties);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
            try (Admin admin = Admin.create(props)) {
                int seen = admin.describeCluster().nodes().get(6, TimeUnit.SECONDS).size();
                if (seen >= n) {
                    return;
                }
                last = seen + " of " + n + " brokers";
            } catch (Exception e) {
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Kafka at " + bootstrap + " not up after " + timeout.toSeconds() + " s: " + last);
    }

    private static Properties properties(int id, int[] p, String voters, int n, Path data) {
        int replicas = Math.min(3, n);
        String minIsr = Integer.toString(Math.min(2, n));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(id));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + p[0] + ",CONTROLLER://127.0.0.1:" + p[1]);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + p[0]);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", data.toString());
        // Replicated as the issue asks: 3 copies, a write acknowledged by 2 (acks=all), so losing
        // one broker loses nothing and blocks nothing. Also for the offsets and transaction logs.
        props.put("default.replication.factor", Integer.toString(replicas));
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", Integer.toString(replicas));
        props.put("transaction.state.log.replication.factor", Integer.toString(replicas));
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // The job's exactly-once sinks hold transactions across a checkpoint and a restart.
        props.put("transaction.max.timeout.ms", "900000");
        return props;
    }

    private static void write(Path file, Properties props) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "written by ./sigma cluster up");
        }
    }

    static void checkFree(int port, String what) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(what + ": port " + port + " is taken (another process listens there)");
        }
    }
}
