package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.destroy;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.JobRecords.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement job end to end on a mini cluster (parallelism 2, RocksDB, checkpoints) against the
 * real broker: requests and node events in through Kafka, committed placements and outcomes out.
 */
class PlacementJobIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static boolean outcome(List<RequestOutcome> outcomes, String requestId, OutcomeStatus status) {
        return outcomes.stream().anyMatch(o -> o.getRequestId().equals(requestId) && o.getStatus() == status);
    }

    private static Map<String, Integer> perSwitch(Map<String, String> bound, String app) {
        Map<String, Integer> counts = new TreeMap<>();
        bound.forEach((pod, node) -> {
            if (pod.startsWith(app + "-")) {
                counts.merge(node.split("-")[0], 1, Integer::sum);
            }
        });
        return counts;
    }

    @Test
    void publishScaleUpgradeDestroyThroughKafka(@TempDir Path checkpoints) throws Exception {
        try (RunningJob job = RunningJob.prepare("lifecycle", Map.of()).start(checkpoints, 2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 4, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);

            job.kafka.produce(job.topics.requests(), publish("p1", "web", 6, template(1000, 1024)));
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> outcome(l, "p1", OutcomeStatus.PLACED), WAIT);
            assertTrue(outcome(outcomes, "p1", OutcomeStatus.PLACED), outcomes.toString());
            Map<String, String> bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= 6, WAIT));
            assertEquals(Map.of("s0", 2, "s1", 2, "s2", 2), perSwitch(bound, "web"));

            job.kafka.produce(job.topics.requests(), scale("s1", "web", 3));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "s1", OutcomeStatus.PLACED), WAIT);
            bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() == 3, WAIT));
            assertEquals(Map.of("s0", 1, "s1", 1, "s2", 1), perSwitch(bound, "web"));

            job.kafka.produce(job.topics.requests(), upgrade("u1", "web", template(2000, 2048), 1, 1));
            outcomes = job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "u1", OutcomeStatus.COMPLETED), WAIT);
            assertTrue(outcome(outcomes, "u1", OutcomeStatus.COMPLETED), outcomes.toString());
            List<Placement> placements = job.placements(l -> true, Duration.ofSeconds(2));
            bound = RunningJob.bound(placements);
            assertEquals(3, bound.size());
            for (String pod : bound.keySet()) {
                Placement bind = placements.stream().filter(p -> p.getPodId().equals(pod)).findFirst().orElseThrow();
                assertEquals(2000, bind.getResources().getCpuMillis(), pod + " runs the new template");
            }
            assertEquals(Map.of("s0", 1, "s1", 1, "s2", 1), perSwitch(bound, "web"));

            job.kafka.produce(job.topics.requests(), destroy("d1", "web"));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "d1", OutcomeStatus.COMPLETED), WAIT);
            assertTrue(RunningJob.bound(job.placements(l -> RunningJob.bound(l).isEmpty(), WAIT)).isEmpty());
            List<NodeState> states = job.kafka.consumeUntil(job.topics.nodeState(), l -> false, Duration.ofSeconds(2));
            Map<String, NodeState> latest = new TreeMap<>();
            states.forEach(s -> latest.put(s.getNodeId(), s));
            assertEquals(24, latest.size());
            assertTrue(latest.values().stream().allMatch(s -> s.getPods().isEmpty()), "every node is free again");
        }
    }
}
