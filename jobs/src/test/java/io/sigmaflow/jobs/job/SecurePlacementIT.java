package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.local.SecureKafka;
import io.sigmaflow.connectors.security.SigmaAcls;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole placement path on a broker with TLS + SASL/SCRAM and only the roles' ACLs: the job
 * (its own principal, its client properties from {@code sigmaflow.kafka.config-file}), a host
 * principal registering nodes, the release system's request, and a host principal reading the BIND.
 */
class SecurePlacementIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRequestIsPlacedAndReadByAHostWithTlsAndScramOn(@TempDir Path dir) throws Exception {
        SecureKafka security = SecureKafka.prepare(dir.resolve("security"));
        try (LocalKafkaBroker broker = LocalKafkaBroker.startSecureEphemeral(security)) {
            String bootstrap = broker.bootstrapServers();
            Map<String, String> jobKafka = security.addUser(bootstrap, "sigma-job");
            Map<String, String> release = security.addUser(bootstrap, "sigma-release");
            Map<String, String> host = security.addUser(bootstrap, "sigma-host-node-1");
            Path jobProperties = dir.resolve("job.properties");
            SecureKafka.writeClientConfig(jobProperties, jobKafka);

            Map<String, String> keys = new HashMap<>();
            keys.put(PlacementJobConfig.BOOTSTRAP, bootstrap);
            keys.put(PlacementJobConfig.TOPIC_PREFIX, "sec-");
            keys.put(PlacementJobConfig.PARTITIONS, "2");
            keys.put(PlacementJobConfig.GROUP_ID, "sec-job");
            keys.put(PlacementJobConfig.WATERMARK_IDLENESS, "300ms");
            keys.put(PlacementJobConfig.KAFKA_CONFIG_FILE, jobProperties.toString());
            PlacementJobConfig config = PlacementJobConfig.from(keys);
            assertEquals("SASL_SSL", config.kafkaClientProperties().get("security.protocol"));
            try (TopicAdmin admin = new TopicAdmin(bootstrap, security.adminProperties())) {
                admin.ensure(config.topics().all());
            }
            List<AclBinding> acls = new ArrayList<>(SigmaAcls.forJob(config.topics(), "sec-job", "sec-job",
                    SigmaAcls.RELEASE, SigmaAcls.JOB, SigmaAcls.REBALANCER, SigmaAcls.OPERATOR, List.of("node-1"))
                    .stream().map(SigmaAcls.Grant::binding).toList());
            // the test's reader (KafkaTestClient) subscribes with a group "test-<uuid>"
            acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, "test-", PatternType.PREFIXED),
                    new AccessControlEntry(SigmaAcls.HOST_PREFIX + "node-1", "*", AclOperation.READ, AclPermissionType.ALLOW)));
            Map<String, Object> adminProps = new HashMap<>(security.adminProperties());
            adminProps.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(adminProps)) {
                admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            }

            Path checkpoints = Files.createTempDirectory("sigmaflow-secure-it-");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2,
                    RunningJob.flinkConfig(checkpoints, 0));
            PlacementJob.onKafka(config).build(env);
            JobClient job = env.executeAsync("secure placement job test");
            try (KafkaTestClient hostClient = new KafkaTestClient(bootstrap, host);
                    KafkaTestClient releaseClient = new KafkaTestClient(bootstrap, release)) {
                hostClient.produce(config.topics().nodeEvents(), topology(1, 1, 2, 8000, 16384));
                releaseClient.produce(config.topics().requests(), publish("p1", "web", 2, template(1000, 1024)));
                List<Placement> placements = hostClient.consumeUntil(config.topics().placements(),
                        l -> RunningJob.bound(l).size() >= 2, WAIT);
                assertEquals(2, RunningJob.bound(placements).size(), "placements read by the host: " + placements);
                assertEquals(PlacementAction.BIND, placements.get(0).getAction());
            } finally {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                    RunningJobs.awaitTerminal(job);
                } catch (Exception e) {
                    // the job failed already (its mini cluster is gone): the assertion above says why
                }
                deleteQuietly(checkpoints);
            }
        }
    }

    private static void deleteQuietly(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Waits (bounded) until a cancelled job is terminal, so the broker is not closed under it. */
    private static final class RunningJobs {
        static void awaitTerminal(JobClient job) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
    }
}
