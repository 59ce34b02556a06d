package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.solver.core.ValueRangeList;
import java.util.List;

/**
 * The planning solution: the cluster's nodes and apps, one assignment per pod (warm-started at
 * its current node), the run's limits, and the soft constraints' weights.
 */
@PlanningSolution
public class RebalanceSolution {
    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<ClusterNode> nodes;
    @ProblemFactCollectionProperty
    private List<App> apps;
    @ProblemFactProperty
    private RebalanceSettings settings;
    @PlanningEntityCollectionProperty
    private List<PodAssignment> assignments;
    private ConstraintWeightOverrides<HardSoftScore> constraintWeightOverrides;
    @PlanningScore
    private HardSoftScore score;

    /** For Timefold's solution cloner. */
    public RebalanceSolution() {}

    public RebalanceSolution(List<ClusterNode> nodes, List<App> apps, RebalanceSettings settings,
            List<PodAssignment> assignments, ConstraintWeightOverrides<HardSoftScore> weights) {
        // Hashed once: see ValueRangeList.
        this.nodes = nodes instanceof ValueRangeList ? nodes : new ValueRangeList<>(nodes);
        this.apps = apps;
        this.settings = settings;
        this.assignments = assignments;
        this.constraintWeightOverrides = weights;
    }

    public List<ClusterNode> getNodes() {
        return nodes;
    }

    public List<App> getApps() {
        return apps;
    }

    public RebalanceSettings getSettings() {
        return settings;
    }

    public List<PodAssignment> getAssignments() {
        return assignments;
    }

    public ConstraintWeightOverrides<HardSoftScore> getConstraintWeightOverrides() {
        return constraintWeightOverrides;
    }

    public void setConstraintWeightOverrides(ConstraintWeightOverrides<HardSoftScore> constraintWeightOverrides) {
        this.constraintWeightOverrides = constraintWeightOverrides;
    }

    public HardSoftScore getScore() {
        return score;
    }

    public void setScore(HardSoftScore score) {
        this.score = score;
    }

    /** Pods whose node differs from where they run now. */
    public int movedCount() {
        int moved = 0;
        for (PodAssignment a : assignments) {
            if (a.isMoved()) {
                moved++;
            }
        }
        return moved;
    }
}
