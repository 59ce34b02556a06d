package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.MemoryPlacement;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Outcomes given at commit by the partitions (no second trip through the loop), and when the app side answers instead. */
class OutcomeAtCommitTest {

    private static MemoryPlacement cluster(MemoryPlacement job, int switches, int chassis, int hosts, long cpu) {
        topology(switches, chassis, hosts, cpu, 16384).forEach(job::node);
        job.checkpoint(); // summaries reach the router
        return job;
    }

    private static List<OutcomeStatus> statuses(MemoryPlacement job, String requestId) {
        return job.outcomes.stream().filter(o -> o.getRequestId().equals(requestId)).map(RequestOutcome::getStatus).toList();
    }

    @Test
    void podsBoundByEveryPartitionTheyWereSentToAreAnsweredAtTheirCheckpointOnce() {
        MemoryPlacement job = cluster(new MemoryPlacement(), 2, 2, 4, 8000);
        job.request(publish("r1", "web", 4, template(1000, 1024)));
        job.checkpoint(); // the BINDs' checkpoint: the outcome commits with them

        assertEquals(1, job.givenAtCommit.size(), "given at the BINDs' checkpoint, by the parts of both partitions");
        RequestOutcome given = job.givenAtCommit.get(0);
        assertEquals(OutcomeStatus.PLACED, given.getStatus());
        assertEquals(4, given.getPlaced());
        assertEquals("4 of 4 pods of revision 1 placed", given.getMessage());
        assertEquals(2, job.partitions().size(), "pods spread over two partitions: two parts");
        job.settle();
        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED), statuses(job, "r1"), "not answered again");
        assertTrue(job.app("web").state().getOpenRequests().isEmpty(), "the app side closed the request");
    }

    @Test
    void aPartitionThatRefusesAPodGivesNoOutcomeAndTheAppSideAnswers() {
        MemoryPlacement job = cluster(new MemoryPlacement(), 1, 1, 2, 1000);
        job.request(publish("r1", "a", 1, template(1000, 1024)));
        job.request(publish("r2", "b", 2, template(1000, 1024))); // routed on a summary that does not know a's pod yet
        job.settle();

        assertEquals(1, job.partsNotBound, "b's partition bound one of its two pods");
        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED), statuses(job, "r1"));
        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PARTIALLY_PLACED), statuses(job, "r2"),
                "one final outcome, from the app side");
        assertEquals(List.of("r1"), job.givenAtCommit.stream().map(RequestOutcome::getRequestId).toList());
    }

    @Test
    void aRequestArrivingWhileTheOutcomeIsOnItsWayGetsItsOwnOutcome() {
        MemoryPlacement job = cluster(new MemoryPlacement(), 2, 2, 4, 8000);
        job.request(publish("r1", "web", 4, template(1000, 1024)));
        job.request(scale("r2", "web", 6)); // before r1's results are back
        job.settle();

        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED), statuses(job, "r1"));
        assertEquals(4, job.lastOutcome("r1").getPlaced(), "r1 as it was answered: its 4 pods placed");
        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED), statuses(job, "r2"));
        assertEquals(6, job.lastOutcome("r2").getPlaced());
        assertEquals(6, job.boundPods().size());
    }

    @Test
    void withTheLoopReorderedEveryRequestStillGetsExactlyOneFinalOutcome() {
        for (long seed = 1; seed <= 20; seed++) {
            MemoryPlacement job = cluster(new MemoryPlacement().shuffleLoop(seed), 3, 2, 4, 4000);
            for (int app = 0; app < 6; app++) {
                job.request(publish("p" + app, "app" + app, 1 + app, template(1000, 1024)));
                if (app % 2 == 0) {
                    job.checkpoint();
                }
            }
            job.request(scale("s1", "app1", 4));
            job.request(scale("s3", "app3", 1));
            job.settle(500);

            long run = seed;
            Map<String, Integer> finals = new TreeMap<>();
            job.outcomes.stream().filter(o -> o.getStatus() != OutcomeStatus.ACCEPTED)
                    .forEach(o -> finals.merge(o.getRequestId(), 1, Integer::sum));
            assertEquals(8, finals.size(), "seed " + seed + ": every request answered: " + finals);
            finals.forEach((request, n) -> assertEquals(1, n, "seed " + run + ": " + request + " answered " + n + " times"));
            assertTrue(job.givenAtCommit.size() > 0, "seed " + seed + ": some outcomes given at commit");
        }
    }
}
