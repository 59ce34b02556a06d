package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.Outcomes.settled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.connectors.flink.KafkaEndpoint;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;

/**
 * A savepoint of the job as it was before the node partitions' three topics shared one sink (a
 * sink, producer and transaction each for placements, node-state and priority-changes, the uids
 * {@code sink-<topic>}) restores into this version without dropping any state: the shared sink
 * takes over the placements sink, the other two are retired (they restore their transactions and
 * finish), and the restored job writes all three topics readably.
 */
class PartitionSinkUpgradeIT {
    private static final Duration WAIT = Duration.ofSeconds(180);

    /** The Kafka sinks of the version before: one sink per output, each its own transactions. */
    static PlacementJob.Sinks separateSinks(PlacementJobConfig config, KafkaEndpoint endpoint) {
        Topics topics = config.topics();
        return out -> {
            FlinkKafka kafka = new FlinkKafka(endpoint, config.skipRecords(), config.recordLimit());
            kafka.write(out.placements(), topics.placements());
            kafka.write(out.outcomes(), topics.outcomes());
            kafka.write(out.nodeStates(), topics.nodeState());
            kafka.write(out.feedback(), topics.placementFeedback());
            kafka.writeDeadLetters(topics.deadLetters(), out.deadLetters());
            kafka.write(out.priorityChanges(), topics.priorityChanges());
        };
    }


    @Test
    void aSavepointOfTheSeparateSinksRestoresIntoTheSharedOne() throws Exception {
        Path savepoints = Files.createTempDirectory("sigmaflow-sink-upgrade-");
        try (RunningJob job = RunningJob.prepare("sink-upgrade", Map.of())) {
            job.start(2, 0, config -> {
                KafkaEndpoint endpoint = KafkaEndpoint.exactlyOnce(config.bootstrapServers(), config.groupId());
                return new PlacementJob(config.settings(), PlacementJob.kafkaSources(config, endpoint),
                        separateSinks(config, endpoint));
            });
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 2, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 12, WAIT);
            job.kafka.produce(job.topics.requests(), publish("p1", "web", 6, template(1000, 1024)));
            assertEquals(OutcomeStatus.PLACED, settled(job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> settled(l, "p1") != null, WAIT), "p1").getStatus());
            Map<String, String> before = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() == 6, WAIT));
            int statesBefore = job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 12, WAIT).size();
            String savepoint = job.client().stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            job.client().getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // This version, from that savepoint; every operator state must find its operator.
            job.start(2, 0, Map.of("execution.state-recovery.path", savepoint,
                    "execution.state-recovery.ignore-unclaimed-state", "false"), PlacementJob::onKafka);
            job.kafka.produce(job.topics.requests(), scale("s1", "web", 9));
            RequestOutcome scaled = settled(job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> settled(l, "s1") != null, WAIT), "s1");
            assertEquals(OutcomeStatus.PLACED, scaled.getStatus(), "the restored job knows web: " + scaled);
            Map<String, String> after = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() == 9, WAIT));
            before.forEach((pod, node) -> assertEquals(node, after.get(pod), pod + " stays where it was"));
            // The shared sink writes node snapshots too, readable (committed) like the BINDs.
            Set<String> newNodes = after.entrySet().stream().filter(e -> !before.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).collect(Collectors.toSet());
            List<NodeState> states = job.kafka.consumeUntil(job.topics.nodeState(),
                    l -> l.size() > statesBefore && l.subList(statesBefore, l.size()).stream()
                            .map(s -> s.getNodeId().toString()).collect(Collectors.toSet()).containsAll(newNodes), WAIT);
            assertTrue(states.size() > statesBefore, "new node snapshots after the restore");
        }
    }
}
