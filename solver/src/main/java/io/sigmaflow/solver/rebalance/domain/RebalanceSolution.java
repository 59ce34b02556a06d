package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRange;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.impl.domain.valuerange.ListValueRange;
import io.sigmaflow.solver.core.ValueRangeList;
import java.util.List;

/**
 * The planning solution: the cluster's nodes and apps, one assignment per pod (warm-started at
 * its current node), the run's limits, and the soft constraints' weights.
 */
@PlanningSolution(solutionCloner = RebalanceSolutionCloner.class)
public class RebalanceSolution {
    @ProblemFactCollectionProperty
    private List<ClusterNode> nodes;
    /**
     * The nodes as the pods' value range, one instance for the run (clones share it). Not the list
     * itself: Timefold wraps a list-typed provider in a new unmodifiable view at every read, and
     * matches each pod's range against the cached one with {@code equals}, which for two views is
     * element by element (10,000 nodes x 159,000 pods per pass, several passes per run: most of a
     * 60 s budget at 10,000 nodes, JFR, docs/decisions.md). The same instance compares by identity.
     */
    @ValueRangeProvider
    private ValueRange<ClusterNode> nodeRange;
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
        this.nodeRange = new ListValueRange<>(this.nodes);
        this.apps = apps;
        this.settings = settings;
        this.assignments = assignments;
        this.constraintWeightOverrides = weights;
    }

    /** A clone for {@link RebalanceSolutionCloner}: the same facts and value range, new assignments. */
    RebalanceSolution withAssignments(List<PodAssignment> assignments) {
        RebalanceSolution c = new RebalanceSolution();
        c.nodes = nodes;
        c.nodeRange = nodeRange;
        c.apps = apps;
        c.settings = settings;
        c.assignments = assignments;
        c.constraintWeightOverrides = constraintWeightOverrides;
        c.score = score;
        return c;
    }

    public List<ClusterNode> getNodes() {
        return nodes;
    }

    public ValueRange<ClusterNode> getNodeRange() {
        return nodeRange;
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
