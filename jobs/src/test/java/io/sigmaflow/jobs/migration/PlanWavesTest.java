package io.sigmaflow.jobs.migration;

import static io.sigmaflow.jobs.testing.Migrations.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.job.MigrationWaves;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The waves alone: when a plan starts, when its next step starts, which plan wins, what is refused. */
class PlanWavesTest {
    private final MigrationWaves state = PlanWaves.empty();
    private final List<String> log = new ArrayList<>();
    private final PlanWaves.Effects fx = new PlanWaves.Effects() {
        @Override
        public void start(Migration m, long clock) {
            log.add("start " + m.getPlanId() + "/" + m.getStep() + "/" + m.getPodId() + " @" + clock);
        }

        @Override
        public void refuse(Migration m, String reason) {
            log.add("refuse " + m.getPlanId() + "/" + m.getPodId() + ": " + reason);
        }

        @Override
        public void deadLetter(Migration m, String reason) {
            log.add("dead " + reason);
        }
    };

    private void in(String plan, long created, int step, int size, String pod) {
        PlanWaves.onMigration(state, migration(plan, created, step, size, "app", pod, "n1", "n2"), PlanClock.UNCHECKED, 0, fx);
    }

    private void settled(String plan, int step, String pod, long clock) {
        PlanWaves.onSettled(state, new MigrationSettled(plan, step, pod, "app", true, null, clock), PlanClock.UNCHECKED, 0, fx);
    }

    @Test
    void aPlanStartsWhenCompleteAndEachStepWhenThePreviousSettled() {
        in("p", 5, 1, 3, "b");
        in("p", 5, 0, 3, "a2");
        assertEquals(List.of(), log, "2 of 3 records: the plan waits");
        in("p", 5, 0, 3, "a1");
        assertEquals(List.of("start p/0/a1 @0", "start p/0/a2 @0"), log);
        settled("p", 0, "a1", 40);
        assertEquals(2, log.size(), "a2 is still in flight");
        settled("p", 0, "a2", 42);
        settled("p", 0, "a2", 42); // a repeat changes nothing
        assertEquals("start p/1/b @42", log.get(2));
        assertEquals(3, log.size());
    }

    @Test
    void theNewestPlanWinsWhateverTheArrivalOrder() {
        in("new", 9, 0, 2, "x");
        in("old", 3, 0, 1, "y"); // arrives later, created earlier
        in("new", 9, 1, 2, "z");
        in("newer", 10, 0, 1, "w"); // while new/0/x is in flight
        settled("new", 0, "x", 7);
        assertEquals(List.of("refuse old/y: superseded by plan new", "start new/0/x @0",
                "refuse new/z: superseded by plan newer before step 1 started", "start newer/0/w @7"), log);
    }

    @Test
    void invalidAndStaleRecordsAreRefusedWithTheirReason() {
        PlanWaves.onMigration(state, migration("p", 1, 0, 3, "app", "a", "n1", "n1"), PlanClock.UNCHECKED, 0, fx);
        PlanWaves.onMigration(state, migration("p", 1, 0, 4, "app", "b", "n1", "n2"), PlanClock.UNCHECKED, 0, fx);
        PlanWaves.onMigration(state, migration(" ", 1, 0, 1, "app", "c", "n1", "n2"), PlanClock.UNCHECKED, 0, fx);
        in("p", 1, 1, 3, "d");
        assertEquals(List.of("dead toNodeId: must differ from fromNodeId (n1)",
                "refuse p/a: toNodeId: must differ from fromNodeId (n1)",
                "dead planSize: 4 differs from the plan's 3", "refuse p/b: planSize: 4 differs from the plan's 3",
                "dead planId: must not be blank", "start p/1/d @0"), log);
        in("p", 1, 0, 3, "e");
        assertEquals("refuse p/e: stale: step 0 of plan p arrived after step 1 started", log.get(6));
    }

    @Test
    void aPodTwiceInOneStepMovesOnce() {
        in("p", 1, 0, 2, "a");
        in("p", 1, 0, 2, "a");
        assertEquals(List.of("refuse p/a: pod a moves twice in step 0 of plan p", "start p/0/a @0"), log);
    }

    private static final long NOW = 1_800_000_000_000L;
    private static final PlanClock CLOCK = new PlanClock(30_000, 600_000, false);

    private void at(long now, String plan, long created, int step, int size, String pod) {
        PlanWaves.onMigration(state, migration(plan, created, step, size, "app", pod, "n1", "n2"), CLOCK, now, fx);
    }

    @Test
    void aPlanFromTheFarFutureIsRefusedAndDoesNotBlockTheNextOne() {
        at(NOW, "forever", Long.MAX_VALUE, 0, 1000, "x");
        assertEquals(2, log.size(), log.toString());
        assertEquals("dead createdAtMs: " + Long.MAX_VALUE + " is more than 30000 ms ahead of the job's clock (" + NOW
                + "); check the rebalancer's clock", log.get(0));
        assertEquals("refuse forever/x: createdAtMs: " + Long.MAX_VALUE + " is more than 30000 ms ahead of the job's"
                + " clock (" + NOW + "); check the rebalancer's clock", log.get(1));
        assertEquals(null, state.getPlanId(), "never the newest plan");
        at(NOW + 1, "real", NOW - 1_000, 0, 1, "y");
        assertEquals("start real/0/y @0", log.get(2), "a real plan after it applies");
        at(NOW + 2, "skewed", NOW + 2 + 30_000, 0, 1, "z"); // within the skew: a clock a little ahead is fine
        assertEquals("skewed", state.getPlanId(), "the newest plan now (it starts once real's move settled)");
        assertEquals(3, log.size(), log.toString());
    }

    @Test
    void anExpiredPlanIsRefusedAndAPlanThatExpiresWhileItsWavesRunStopsThere() {
        at(NOW, "old", NOW - 600_001, 0, 1, "x");
        assertEquals(List.of("dead expired: plan created at " + (NOW - 600_001) + " is more than 600000 ms older than"
                + " the job's clock (" + NOW + "); compute a new plan", "refuse old/x: expired: plan created at "
                + (NOW - 600_001) + " is more than 600000 ms older than the job's clock (" + NOW + "); compute a new plan"),
                log);
        log.clear();
        at(NOW, "p", NOW - 1_000, 0, 2, "a");
        at(NOW, "p", NOW - 1_000, 1, 2, "b");
        assertEquals(List.of("start p/0/a @0"), log);
        PlanWaves.onSettled(state, new MigrationSettled("p", 0, "a", "app", true, null, 7L), CLOCK, NOW + 600_000, fx);
        assertEquals(2, log.size(), log.toString());
        assertEquals("refuse p/b: expired: plan created at " + (NOW - 1_000) + " is more than 600000 ms older than the"
                + " job's clock (" + (NOW + 600_000) + "); compute a new plan (before step 1 started)", log.get(1));
        assertEquals(List.of(), state.getWaiting());
    }

    @Test
    void aPlanThatExpiresWhileItIsCollectedAnswersEveryRecordAndStartsNothing() {
        at(NOW, "p", NOW - 599_000, 0, 2, "a");
        at(NOW + 2_000, "p", NOW - 599_000, 0, 2, "b"); // now expired: it still counts, so the plan is complete
        assertEquals(3, log.size(), log.toString());
        assertTrue(log.get(1).startsWith("refuse p/b: expired: "), log.get(1));
        assertTrue(log.get(2).startsWith("refuse p/a: expired: ") && log.get(2).endsWith("(before step 0 started)"),
                log.get(2));
        at(NOW + 3_000, "q", NOW, 0, 1, "c");
        assertEquals("start q/0/c @0", log.get(3), "a newer plan is not blocked");
    }
}
