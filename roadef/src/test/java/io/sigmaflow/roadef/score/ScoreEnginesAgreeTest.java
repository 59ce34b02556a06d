package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import io.sigmaflow.solver.core.RunLimits;
import io.sigmaflow.solver.core.RunResult;
import io.sigmaflow.solver.core.SolverRunner;
import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.solver.RoadefSolverConfig;
import io.sigmaflow.roadef.solver.RoadefSolverConfig.ScoreEngine;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The constraint streams, the incremental calculator and the independent checker must agree: the
 * soft score is minus the official cost, and the two engines give the same hard score.
 */
class ScoreEnginesAgreeTest {
    private static final List<String> A_INSTANCES = RoadefData.A_INSTANCES;

    private final SolverRunner<MachineReassignment, HardSoftScore> streams =
            new SolverRunner<>(RoadefSolverConfig.create(ScoreEngine.CONSTRAINT_STREAMS));
    private final SolverRunner<MachineReassignment, HardSoftScore> incremental =
            new SolverRunner<>(RoadefSolverConfig.create(ScoreEngine.INCREMENTAL));

    @Test
    void specificationExampleScores4200Then2411() {
        Instance example = InstanceReader.read(RoadefData.EXAMPLE_MODEL);
        int[] initial = AssignmentFile.read(RoadefData.EXAMPLE_INITIAL, example);
        int[] better = AssignmentFile.read(RoadefData.EXAMPLE_BETTER, example);
        for (var engine : List.of(streams, incremental)) {
            assertEquals(HardSoftScore.of(0, -4200), engine.score(MachineReassignment.of(example, initial, initial)));
            assertEquals(HardSoftScore.of(0, -2411), engine.score(MachineReassignment.of(example, initial, better)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("A_INSTANCES")
    void initialAndPerturbedAssignmentsScoreTheCheckersCost(String name) {
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        assertEquals(HardSoftScore.of(0, -RoadefData.originalCost(name)),
                incremental.score(MachineReassignment.of(instance, initial, initial)));
        assertEquals(HardSoftScore.of(0, -RoadefData.originalCost(name)),
                streams.score(MachineReassignment.of(instance, initial, initial)));

        // Random reassignments break every kind of hard constraint somewhere.
        Random random = new Random(name.hashCode());
        int[] current = initial.clone();
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < 1 + instance.processCount() / 20; k++) {
                current[random.nextInt(current.length)] = random.nextInt(instance.machineCount());
            }
            CostReport report = CostChecker.check(instance, initial, current);
            HardSoftScore byStreams = streams.score(MachineReassignment.of(instance, initial, current));
            HardSoftScore byIncremental = incremental.score(MachineReassignment.of(instance, initial, current));
            assertEquals(byStreams, byIncremental, name + " round " + round);
            assertEquals(-report.total(), byStreams.softScore(), name + " round " + round);
            assertEquals(report.feasible(), byStreams.isFeasible(), name + " round " + round + " " + report.examples());
        }
    }

    @Test
    void incrementalScoreMatchesTheStreamsAfterEveryMoveOfARealSearch() {
        // FULL_ASSERT recomputes the score with the constraint streams after every move and fails on any difference.
        SolverConfig config = RoadefSolverConfig.create(ScoreEngine.INCREMENTAL)
                .withEnvironmentMode(EnvironmentMode.FULL_ASSERT);
        config.getScoreDirectorFactoryConfig().setAssertionScoreDirectorFactory(
                RoadefSolverConfig.scoreDirector(ScoreEngine.CONSTRAINT_STREAMS));
        Instance instance = RoadefData.instance("a1_1");
        int[] initial = RoadefData.initial("a1_1", instance);
        // The check is per move, so what matters is that enough moves ran: on a loaded 2-core machine 3 s of
        // FULL_ASSERT gave 22 moves, so the budget grows until the search has evaluated more than 100.
        RunResult<MachineReassignment, HardSoftScore> result = null;
        for (int seconds = 3; result == null || (result.moveEvaluations() <= 100 && seconds <= 48); seconds *= 2) {
            result = new SolverRunner<MachineReassignment, HardSoftScore>(config)
                    .solve(MachineReassignment.of(instance, initial, initial), RunLimits.of(Duration.ofSeconds(seconds)).withSeed(7));
        }
        assertTrue(result.moveEvaluations() > 100, "the search evaluated moves: " + result.moveEvaluations());
        assertTrue(result.improved());
    }
}
