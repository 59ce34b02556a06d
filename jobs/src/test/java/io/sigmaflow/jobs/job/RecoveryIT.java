package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.connectors.flink.KafkaEndpoint;
import io.sigmaflow.jobs.partition.PartitionOutput;
import io.sigmaflow.jobs.testing.JobRecords;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure in the middle of the stream (injected once, in the operator chain that writes
 * placements), a restart from the last checkpoint (fixed-delay, one attempt): what executors can
 * read afterwards has every pod exactly once, nothing lost, nothing doubled, never an overcommit.
 */
class RecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(180); // generous: a restore under heavy load took 100 s once
    private static final int APPS = 30;

    /**
     * Throws once, at the first UNBIND a subtask is about to write (the second wave, while the first
     * one is in a completed checkpoint), and leaves a file saying so.
     */
    static final class FailOnce extends RichMapFunction<Either<Placement, Either<NodeState, PriorityChange>>, Either<Placement, Either<NodeState, PriorityChange>>> {
        private final String flag;

        FailOnce(Path flag) {
            this.flag = flag.toString();
        }

        @Override
        public Either<Placement, Either<NodeState, PriorityChange>> map(Either<Placement, Either<NodeState, PriorityChange>> o) throws Exception {
            if (o.isLeft() && o.left().getAction() == PlacementAction.UNBIND && !Files.exists(Path.of(flag))) {
                Files.createFile(Path.of(flag)); // a file, not a static: a restart may load the class anew
                throw new IllegalStateException("injected failure at the first UNBIND");
            }
            return o;
        }
    }

    @Test
    void aFailureMidStreamLosesAndDoublesNothingAndNeverOvercommits(@TempDir Path dir) throws Exception {
        failureMidStream(dir, "recovery", Map.of());
    }

    /** The same with the changelog state backend (the latency profile's): restored from RocksDB plus the log. */
    @Test
    void withTheChangelogStateBackendToo(@TempDir Path dir) throws Exception {
        failureMidStream(dir, "recovery-changelog", Map.of("state.changelog.enabled", "true",
                "state.changelog.storage", "filesystem",
                "state.changelog.dstl.dfs.base-path", dir.resolve("changelog").toUri().toString()));
    }

    private static void failureMidStream(Path dir, String prefix, Map<String, String> flink) throws Exception {
        Path flag = dir.resolve("failed");
        try (RunningJob job = RunningJob.prepare(prefix, Map.of())) {
            job.start(2, 1, flink, config -> {
                KafkaEndpoint endpoint = KafkaEndpoint.exactlyOnce(config.bootstrapServers(), config.groupId());
                PlacementJob.Sinks kafka = PlacementJob.kafkaSinks(config, endpoint);
                return new PlacementJob(config.settings(), PlacementJob.kafkaSources(config, endpoint), out -> kafka.write(
                        new PlacementJob.Outputs(out.placements(), out.outcomes(), out.nodeStates(), out.feedback(),
                                out.deadLetters(), out.priorityChanges(),
                                out.partitionOutputs().map(new FailOnce(flag), PartitionOutput.TYPE)
                                        .name("Fail once").uid("fail-once"))));
            });
            List<NodeEvent> nodes = topology(3, 2, 4, 8000, 16384);
            job.kafka.produce(job.topics.nodeEvents(), nodes);
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);
            Thread.sleep(3 * RunningJob.CHECKPOINTS.toMillis());

            List<PlacementRequest> publishes = new ArrayList<>();
            for (int i = 0; i < APPS; i++) {
                publishes.add(publish("p" + i, "app" + i, 5, template(1000, 1024)));
            }
            // Capacity held for a release that comes in the second wave, across the restart.
            publishes.add(JobRecords.request("reserve", "held", RequestType.RESERVE, 4, template(1000, 1024), null));
            job.kafka.produce(job.topics.requests(), publishes);
            List<RequestOutcome> first = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> l.stream().filter(o -> o.getStatus() == OutcomeStatus.PLACED).count() == APPS + 1, WAIT);
            assertEquals(APPS + 1, first.stream().filter(o -> o.getStatus() == OutcomeStatus.PLACED).count());
            assertEquals(APPS * 5, RunningJob.bound(job.placements(l -> l.size() >= APPS * 5, WAIT)).size(),
                    "the first wave is committed (readable) before the failure");
            List<PlacementRequest> scales = new ArrayList<>();
            for (int i = 0; i < APPS; i += 2) {
                scales.add(scale("s" + i, "app" + i, 2));
            }
            scales.add(publish("release", "held", 4, template(1000, 1024)));
            job.kafka.produce(job.topics.requests(), scales);

            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> settled(l) == APPS && outcome(l, "release", OutcomeStatus.PLACED), WAIT);
            assertEquals(APPS, settled(outcomes), "every app's last request settled after the restart");
            assertTrue(Files.exists(flag), "the failure was injected");

            int expected = (APPS / 2) * 5 + (APPS / 2) * 2 + 4;
            List<Placement> placements = job.placements(l -> RunningJob.bound(l).size() == expected, WAIT);
            assertEquals(expected, RunningJob.bound(placements).size());

            Map<String, Placement> last = new HashMap<>();
            Map<String, Long> cpuUsed = new HashMap<>();
            for (Placement p : placements) {
                Placement before = last.put(p.getPodId(), p);
                assertTrue(before == null || p.getGeneration() > before.getGeneration(),
                        "generations of " + p.getPodId() + " only grow: " + before + " then " + p);
                if (p.getAction() == PlacementAction.BIND) {
                    assertTrue(before == null || before.getAction() == PlacementAction.UNBIND,
                            p.getPodId() + " bound twice without an UNBIND: " + before + " then " + p);
                    long used = cpuUsed.merge(p.getNodeId(), p.getResources().getCpuMillis(), Long::sum);
                    assertTrue(used <= 8000, p.getNodeId() + " overcommitted: " + used + " millicores");
                } else {
                    assertEquals(PlacementAction.BIND, before.getAction(), "an UNBIND follows a BIND");
                    assertEquals(before.getNodeId(), p.getNodeId(), "an UNBIND names the node of the BIND");
                    cpuUsed.merge(p.getNodeId(), -p.getResources().getCpuMillis(), Long::sum);
                }
            }
            long binds = placements.stream().filter(p -> p.getAction() == PlacementAction.BIND).count();
            long unbinds = placements.size() - binds;
            assertEquals(APPS * 5 + 4, binds, "every pod published was bound exactly once");
            assertTrue(placements.stream().noneMatch(p -> p.getPodId().startsWith("reservation/")), "slots stay in the job");
            assertEquals(4, placements.stream().filter(p -> p.getPodId().startsWith("held-") && p.getReason() != null
                    && p.getReason().startsWith("took reservation slot reservation/held/")).count(),
                    "the release took the slots held across the restart");
            assertEquals((APPS / 2) * 3, unbinds, "every pod scaled away was unbound exactly once");
        }
    }

    private static boolean outcome(List<RequestOutcome> outcomes, String requestId, OutcomeStatus status) {
        return outcomes.stream().anyMatch(o -> o.getRequestId().equals(requestId) && o.getStatus() == status);
    }

    /** Apps whose last request has a final outcome. */
    private static int settled(List<RequestOutcome> outcomes) {
        Map<String, RequestOutcome> last = new HashMap<>();
        for (RequestOutcome o : outcomes) {
            if (o.getStatus() != OutcomeStatus.ACCEPTED) {
                last.put(o.getAppId(), o);
            }
        }
        int n = 0;
        for (int i = 0; i < APPS; i++) {
            RequestOutcome o = last.get("app" + i);
            String wanted = (i % 2 == 0 ? "s" : "p") + i;
            if (o != null && o.getRequestId().equals(wanted) && o.getStatus() == OutcomeStatus.PLACED) {
                n++;
            }
        }
        return n;
    }
}
