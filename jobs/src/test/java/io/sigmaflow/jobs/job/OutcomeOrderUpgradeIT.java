package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.Outcomes.settled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.jobs.testing.Outcomes;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;

/**
 * A savepoint of the wiring before "Outcome order" (the app side's outcomes and the
 * {@code outcome-parts} answers straight to the sink), taken while requests are in flight,
 * restores into this one: every request gets exactly one ACCEPTED and one answer (nothing lost or
 * doubled), and the requests after the restore are in order on the topic read raw.
 */
class OutcomeOrderUpgradeIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int APPS = 30;

    private static List<PlacementRequest> round(String prefix, List<String> ids, boolean publish) {
        List<PlacementRequest> requests = new ArrayList<>();
        for (int a = 0; a < APPS; a++) {
            String id = prefix + a;
            requests.add(publish ? publish(id, "app" + a, 2, template(100, 128)) : scale(id, "app" + a, 3));
            ids.add(id);
        }
        return requests;
    }

    @Test
    void aSavepointOfTheWiringBeforeRestoresWithRequestsInFlight() throws Exception {
        Path savepoints = Files.createTempDirectory("sigmaflow-outcome-order-");
        try (RunningJob job = RunningJob.prepare("outcome-order-upgrade", Map.of())) {
            job.start(2, 0, config -> PlacementJob.onKafka(config).withOutcomesAsBefore());
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 4, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);
            List<String> before = new ArrayList<>();
            job.kafka.produce(job.topics.requests(), round("p", before, true));
            // The savepoint at once: requests read and not yet answered move with it (how many varies;
            // those not yet read are read after the restore).
            String savepoint = job.client().stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            job.client().getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<RequestOutcome> atSavepoint = job.kafka.consumeUntil(job.topics.outcomes(), l -> false, Duration.ofSeconds(1));
            long inFlight = before.stream().filter(id -> settled(atSavepoint, id) == null).count();
            System.out.println("outcome order upgrade: " + inFlight + " of " + APPS + " requests unanswered at the savepoint");

            job.start(2, 0, Map.of("execution.state-recovery.path", savepoint,
                    "execution.state-recovery.ignore-unclaimed-state", "false"), PlacementJob::onKafka);
            job.kafka.consumeUntil(job.topics.outcomes(), l -> before.stream().allMatch(id -> settled(l, id) != null), WAIT);
            List<String> after = new ArrayList<>();
            job.kafka.produce(job.topics.requests(), round("s", after, false));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> after.stream().allMatch(id -> settled(l, id) != null), WAIT);
            List<RequestOutcome> raw = job.kafka.consumeUntil(job.topics.outcomes(), l -> false, Duration.ofSeconds(2));

            Map<String, List<OutcomeStatus>> byRequest = new TreeMap<>();
            raw.forEach(o -> byRequest.computeIfAbsent(o.getRequestId(), k -> new ArrayList<>()).add(o.getStatus()));
            for (String id : before) {
                List<OutcomeStatus> got = byRequest.get(id);
                assertEquals(2, got.size(), id + " (" + inFlight + " in flight at the savepoint): " + got);
                assertEquals(1, got.stream().filter(s -> s == OutcomeStatus.ACCEPTED).count(), id + ": " + got);
                assertEquals(1, got.stream().filter(s -> s == OutcomeStatus.PLACED).count(), id + ": " + got);
            }
            for (String id : after) {
                assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED), byRequest.get(id), id);
            }
            // Only the requests sent after the restore: a request in flight at the savepoint had its
            // ACCEPTED written by the wiring before, whose pending transaction the restored job commits
            // on restore, after its answer may have been (the order that wiring did not keep; CI, once).
            assertEquals(List.of(), Outcomes.acceptedAfterAnswer(raw.stream()
                    .filter(o -> after.contains(o.getRequestId())).toList()), "after the restore, in order");
            assertEquals(APPS * 3, RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() == APPS * 3, WAIT)).size());
        }
    }
}
