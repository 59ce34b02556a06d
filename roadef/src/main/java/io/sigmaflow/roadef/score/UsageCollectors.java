package io.sigmaflow.roadef.score;

import ai.timefold.solver.core.api.function.TriFunction;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintCollector;
import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.domain.ResourceUsage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sums the requirement vectors of the processes in a group (a machine) in one collector, so that
 * a move updates one group per machine instead of one per (machine, resource) pair. Singletons:
 * constraints that group by the same collector share one node in the constraint network.
 */
final class UsageCollectors {
    /** Usage of the processes currently on a machine. */
    static final UniConstraintCollector<ProcessAssignment, Sum, ResourceUsage> USAGE = new Uni();
    /** Usage of (machine, process) pairs: transient usage when fed processes both where they are and where they were. */
    static final BiConstraintCollector<Machine, ProcessAssignment, Sum, ResourceUsage> PAIR_USAGE = new Bi();

    private UsageCollectors() {}

    /** The mutable running sum behind one group; only its snapshots leave the collector. */
    static final class Sum {
        private long[] amounts;
        private int members;

        Runnable add(long[] requirement) {
            if (amounts == null) {
                amounts = new long[requirement.length];
            }
            for (int r = 0; r < requirement.length; r++) {
                amounts[r] += requirement[r];
            }
            members++;
            return () -> {
                for (int r = 0; r < requirement.length; r++) {
                    amounts[r] -= requirement[r];
                }
                members--;
            };
        }

        ResourceUsage snapshot() {
            return members == 0 ? ResourceUsage.NONE : new ResourceUsage(amounts.clone());
        }
    }

    private static final class Uni implements UniConstraintCollector<ProcessAssignment, Sum, ResourceUsage> {
        @Override
        public Supplier<Sum> supplier() {
            return Sum::new;
        }

        @Override
        public BiFunction<Sum, ProcessAssignment, Runnable> accumulator() {
            return (sum, assignment) -> sum.add(assignment.getProcess().getRequirement());
        }

        @Override
        public Function<Sum, ResourceUsage> finisher() {
            return Sum::snapshot;
        }
    }

    private static final class Bi implements BiConstraintCollector<Machine, ProcessAssignment, Sum, ResourceUsage> {
        @Override
        public Supplier<Sum> supplier() {
            return Sum::new;
        }

        @Override
        public TriFunction<Sum, Machine, ProcessAssignment, Runnable> accumulator() {
            return (sum, machine, assignment) -> sum.add(assignment.getProcess().getRequirement());
        }

        @Override
        public Function<Sum, ResourceUsage> finisher() {
            return Sum::snapshot;
        }
    }
}
