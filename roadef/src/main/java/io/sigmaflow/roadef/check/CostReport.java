package io.sigmaflow.roadef.check;

import java.util.List;

/**
 * The official objective of one assignment, component by component (unweighted, as the
 * specification defines them), the weighted total, and the broken hard constraints.
 *
 * @param loadCost         per resource: sum over machines of usage above safety capacity
 * @param balanceCost      per balance objective: sum over machines of target*A(r1) - A(r2) above zero
 * @param violations       counts per hard constraint; all zero means feasible
 * @param examples         a few broken constraints, described, for error messages
 */
public record CostReport(
        long[] loadCost,
        long[] balanceCost,
        long processMoveCost,
        long serviceMoveCost,
        long machineMoveCost,
        long total,
        Violations violations,
        List<String> examples) {

    public boolean feasible() {
        return violations.total() == 0;
    }

    /**
     * Broken hard constraints: (machine, resource) pairs over capacity; pairs of processes of one
     * service sharing a machine; services short of their spread; (process, dependency) pairs without
     * a process of the required service in the neighborhood; (machine, transient resource) pairs
     * over capacity when moved-away processes still count.
     */
    public record Violations(long capacity, long conflict, long spread, long dependency, long transientUsage) {
        public long total() {
            return capacity + conflict + spread + dependency + transientUsage;
        }
    }
}
