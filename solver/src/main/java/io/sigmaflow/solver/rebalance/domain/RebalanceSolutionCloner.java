package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.solution.cloner.SolutionCloner;
import java.util.ArrayList;
import java.util.List;

/**
 * Clones a solution by copying its assignments and sharing everything else (nodes, apps,
 * settings: read-only during a run). Timefold clones the working solution at every new best step;
 * its generic reflective cloner (an identity map over every object reached) took more than twice
 * the time of the search itself at 10,000 nodes / 159,000 pods (JFR, docs/decisions.md, issue 13).
 * Nothing else references an assignment, so copying the list is a complete planning clone.
 */
public final class RebalanceSolutionCloner implements SolutionCloner<RebalanceSolution> {
    @Override
    public RebalanceSolution cloneSolution(RebalanceSolution original) {
        List<PodAssignment> assignments = new ArrayList<>(original.getAssignments().size());
        for (PodAssignment a : original.getAssignments()) {
            assignments.add(a.copy());
        }
        return original.withAssignments(assignments);
    }
}
