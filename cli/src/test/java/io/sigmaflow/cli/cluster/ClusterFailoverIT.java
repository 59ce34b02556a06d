package io.sigmaflow.cli.cluster;

import static io.sigmaflow.cli.cluster.ClusterChecks.WAIT;
import static io.sigmaflow.cli.cluster.ClusterChecks.awaitNodeState;
import static io.sigmaflow.cli.cluster.ClusterChecks.awaitOutcome;
import static io.sigmaflow.cli.cluster.ClusterChecks.checkPlacedOnce;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.request;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.RetainedCheckpoints;
import io.sigmaflow.jobs.testing.JobRecords;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover on real processes, one cluster start for all of it: {@code cluster up --brokers 3}
 * (every topic 3 replicas, {@code min.insync.replicas} 2), a JobManager and two TaskManagers, the
 * job at parallelism 1 with chassis partitions. In sequence:
 * <ol>
 *   <li>the broker leading the placements topic is killed -9 while apps arrive: every pod placed,
 *       once;</li>
 *   <li>the JobManager is killed -9 while apps arrive; {@code cluster up} starts only the dead
 *       processes (that broker and the JobManager) and resumes the job from its latest retained
 *       checkpoint (the one Flink reports restoring), not empty: an app published before is
 *       scaled and its earlier pods stay, a reservation made before is still held;</li>
 *   <li>{@code job upgrade --parallelism 2}: the node partitions run at 2, restored from the
 *       savepoint; the reservation is taken by its release, the first app scaled again keeps
 *       every earlier pod where it was.</li>
 * </ol>
 * After each step the committed placements are recounted independently: only BINDs, each pod
 * once, no node overcommitted, every app even per switch, chassis and host.
 */
class ClusterFailoverIT {

    @Test
    void placesThroughBrokerAndJobManagerLossAndKeepsStateAcrossAParallelismChange(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ClusterFiles files = new ClusterFiles(ClusterFiles.findRepo(), dir);
        LocalCluster cluster = new LocalCluster(files, new PrintStream(new Tee(System.out, said), true));
        try {
            // Fast failure detection for the test; the rest is the cluster's production config.
            LocalCluster.Options options = new LocalCluster.Options(3, 2, 0, 0, Map.of(
                    "heartbeat.interval", "1s", "heartbeat.timeout", "10s",
                    "restart-strategy.exponential-delay.max-backoff", "5s",
                    "parallelism.default", "1", "sigmaflow.job.partition-level", "CHASSIS"), WAIT);
            assertEquals(0, cluster.up(options));
            Properties state = files.loadState();
            String bootstrap = state.getProperty("kafka.bootstrap");
            FlinkRest rest = new FlinkRest(state.getProperty("flink.rest"));
            JobControl jobs = new JobControl(files, new PrintStream(new Tee(System.out, said), true));
            Topics topics = Topics.defaults();
            List<NodeEvent> nodes = JobRecords.topology(2, 2, 4, 16_000, 65_536);
            int placed = 0;
            try (StackClient client = new StackClient(bootstrap, topics, WAIT);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                client.send(topics.nodeEvents(), nodes);
                awaitNodeState(client, nodes.size());
                client.send(topics.requests(), List.of(publish("web-1", "web", 8, template(1000, 2048))));
                awaitOutcome(client, "web-1", o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 8);
                placed += 8;
                assertReplicated(admin, topics);

                // 1. kill -9 the broker leading the placements topic while apps arrive.
                int broker = leaderOf(admin, topics.placements().name());
                placed += placeWhile(client, "a", 12, 6, 4,
                        () -> kill(state.getProperty("kafka.broker." + broker + ".pid"), "broker " + broker));
                assertFalse(cluster.status().path("kafka").path("brokers").get(broker - 1).path("alive").asBoolean());
                Map<String, String> beforeJobManagerLoss = checkPlacedOnce(client, nodes, placed);

                // 2. kill -9 the JobManager while apps arrive; cluster up restarts the dead, resumes the job.
                client.send(topics.requests(), List.of(request("gold-r", "gold", RequestType.RESERVE, 4,
                        template(2000, 4096), null)));
                awaitOutcome(client, "gold-r", o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 4);
                String firstJob = jobs.jobId();
                List<String> late = sendWhile(client, "late", 6, 4, 3,
                        () -> kill(state.getProperty("flink.jobmanager.pid"), "the JobManager"));
                awaitGone(Long.parseLong(state.getProperty("flink.jobmanager.pid")));
                String latest = RetainedCheckpoints.latest(dir.resolve("checkpoints").toUri().toString()).orElseThrow()
                        .dir().toUri().toString();
                said.reset();
                assertEquals(0, cluster.up(options), "up on a cluster with dead processes");
                assertTrue(said.toString().contains("kafka: starting broker(s) [" + broker + "] again"), said.toString());
                assertTrue(said.toString().contains("starting the JobManager again"), said.toString());
                assertFalse(said.toString().contains("TaskManager 1 again") || said.toString().contains("TaskManager 2 again"),
                        "live TaskManagers are left alone: " + said);
                String resumed = jobs.jobId();
                assertNotEquals(firstJob, resumed);
                assertSamePath(latest, restoredFrom(rest, resumed), "resumed from the latest retained checkpoint");
                for (String id : late) {
                    awaitOutcome(client, id, o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 4);
                }
                placed += late.size() * 4;
                client.send(topics.requests(), List.of(scale("web-2", "web", 12)));
                awaitOutcome(client, "web-2", o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 12);
                placed += 4;
                Map<String, String> beforeUpgrade = checkPlacedOnce(client, nodes, placed);
                beforeJobManagerLoss.forEach((pod, node) -> assertEquals(node, beforeUpgrade.get(pod), pod + " stays where it was"));
                assertEquals(6, cluster.running().size(), "every process runs again: " + cluster.running());

                // 3. stop with a savepoint, run again at parallelism 2: every kind of state carried over.
                String upgraded = jobs.upgrade(null, 2);
                jobs.awaitState(upgraded, "RUNNING", WAIT);
                assertEquals(2, partitionsParallelism(rest, upgraded), "node partitions at the new parallelism");
                assertSamePath(files.loadState().getProperty("job.savepoint"), restoredFrom(rest, upgraded),
                        "restored from the upgrade's savepoint");
                client.send(topics.requests(), List.of(publish("gold-1", "gold", 4, template(2000, 4096))));
                awaitOutcome(client, "gold-1", o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 4);
                client.send(topics.requests(), List.of(scale("web-3", "web", 16)));
                awaitOutcome(client, "web-3", o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 16);
                placed += 4 + 4;
                Map<String, String> after = checkPlacedOnce(client, nodes, placed);
                beforeUpgrade.forEach((pod, node) -> assertEquals(node, after.get(pod), pod + " stays where it was"));
                awaitEverySubtaskRead(rest, upgraded);
                long tookSlots = client.readToEnd(topics.placements()).stream().filter(p -> p.getAppId().equals("gold"))
                        .filter(p -> p.getReason() != null && p.getReason().startsWith("took reservation slot reservation/gold/"))
                        .count();
                assertEquals(4, tookSlots, "gold's pods took the slots reserved before both failovers");
            }
        } finally {
            cluster.down();
        }
        assertTrue(cluster.running().isEmpty(), "down stops every process: " + cluster.running());
    }

    /** Every topic of the job (and the transaction log) has 3 replicas and min.insync.replicas 2. */
    private static void assertReplicated(Admin admin, Topics topics) throws Exception {
        List<String> names = new ArrayList<>(topics.all().stream().map(Topic::name).toList());
        names.add("__transaction_state");
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                assertEquals(3, p.replicas().size(), d.name() + "-" + p.partition() + " replicas");
            }
        }
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        configs.forEach((r, c) -> assertEquals("2", c.get("min.insync.replicas").value(), r.name() + " min.insync.replicas"));
    }

    private static int leaderOf(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().get(0).leader().id();
    }

    /** Publishes {@code apps} apps of {@code pods} pods, {@code event} after the {@code at}-th; waits for all; pods placed. */
    private static int placeWhile(StackClient client, String prefix, int apps, int pods, int at, Runnable event)
            throws InterruptedException {
        for (String id : sendWhile(client, prefix, apps, pods, at, event)) {
            awaitOutcome(client, id, o -> o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == pods);
        }
        return apps * pods;
    }

    private static List<String> sendWhile(StackClient client, String prefix, int apps, int pods, int at, Runnable event)
            throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            String id = prefix + "-" + i;
            ids.add(id);
            client.send(client.topics().requests(), List.of(publish(id, prefix + i, pods, template(500, 1024))));
            if (i == at) {
                event.run();
            }
            Thread.sleep(150);
        }
        return ids;
    }

    private static void kill(String pid, String what) {
        assertTrue(ProcessHandle.of(Long.parseLong(pid)).orElseThrow().destroyForcibly(), "kill -9 " + what + " (" + pid + ")");
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The checkpoint or savepoint Flink says the job restored (its checkpoint statistics). */
    private static String restoredFrom(FlinkRest rest, String jobId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode restored = null;
        while (System.nanoTime() < deadline) {
            restored = rest.get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
            if (restored.hasNonNull("external_path")) {
                return restored.path("external_path").asText();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " reports no restore: " + restored);
    }

    private static void assertSamePath(String expected, String actual, String what) {
        assertEquals(Path.of(URI.create(expected).getPath()).normalize(), Path.of(URI.create(actual).getPath()).normalize(),
                what + ": " + actual);
    }

    /** The parallelism of the job vertex holding the node partitions. */
    private static int partitionsParallelism(FlinkRest rest, String jobId) throws Exception {
        return partitionsVertex(rest, jobId).path("parallelism").asInt();
    }

    private static JsonNode partitionsVertex(FlinkRest rest, String jobId) throws Exception {
        Map<String, Integer> vertices = new HashMap<>();
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            vertices.put(v.path("name").asText(), v.path("parallelism").asInt());
            if (v.path("name").asText().contains("Node partitions")) {
                return v;
            }
        }
        throw new AssertionError("no Node partitions vertex in " + vertices);
    }

    /**
     * Every subtask of the node partitions received commands since the restore (its records-in
     * metric as the dashboard shows it, a sample refreshed every few seconds): the chassis
     * partitions moved with their key groups are all at work, not all on one subtask.
     */
    private static void awaitEverySubtaskRead(FlinkRest rest, String jobId) throws Exception {
        String vertex = partitionsVertex(rest, jobId).path("id").asText();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Long> read = List.of();
        while (System.nanoTime() < deadline) {
            read = new ArrayList<>();
            for (JsonNode t : rest.get("/jobs/" + jobId + "/vertices/" + vertex).path("subtasks")) {
                read.add(t.path("metrics").path("read-records").asLong());
            }
            if (!read.isEmpty() && read.stream().allMatch(r -> r > 0)) {
                System.out.println("node partitions, records in per subtask after the rescale: " + read);
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("node partitions subtasks' records in: " + read);
    }

    /** Writes to both: the test's output, and what the cluster said for the assertions. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
