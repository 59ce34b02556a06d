package io.sigmaflow.jobs.migration;

import static io.sigmaflow.jobs.testing.Migrations.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        PlanWaves.onMigration(state, migration(plan, created, step, size, "app", pod, "n1", "n2"), fx);
    }

    private void settled(String plan, int step, String pod, long clock) {
        PlanWaves.onSettled(state, new MigrationSettled(plan, step, pod, "app", true, null, clock), fx);
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
        PlanWaves.onMigration(state, migration("p", 1, 0, 3, "app", "a", "n1", "n1"), fx);
        PlanWaves.onMigration(state, migration("p", 1, 0, 4, "app", "b", "n1", "n2"), fx);
        PlanWaves.onMigration(state, migration(" ", 1, 0, 1, "app", "c", "n1", "n2"), fx);
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
}
