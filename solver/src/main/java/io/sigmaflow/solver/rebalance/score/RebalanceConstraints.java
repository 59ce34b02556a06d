package io.sigmaflow.solver.rebalance.score;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.count;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sum;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import ai.timefold.solver.core.api.score.stream.quad.QuadConstraintStream;
import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;
import io.sigmaflow.solver.rebalance.domain.App;
import io.sigmaflow.solver.rebalance.domain.ClusterNode;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSettings;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rebalancer's rules. Hard: capacity, node eligibility (the job's filter chain), each app's
 * max-unavailable over the plan's waves, the move budgets, no swap that make-before-break cannot
 * order. Soft, weighted by
 * {@link RebalanceWeights}: dispersion at each topology level (co-location of one app's pods in a
 * domain, normalized by the app's size), node balance, migration cost. Match weights are the raw amounts; the weights live in
 * the solution's {@code ConstraintWeightOverrides}.
 */
public final class RebalanceConstraints implements ConstraintProvider {
    public static final String NODE_CAPACITY = "Node capacity";
    public static final String NODE_ELIGIBILITY = "Node eligibility";
    public static final String MAX_UNAVAILABLE = "App max-unavailable";
    public static final String MOVE_BUDGET = "Move budget";
    public static final String APP_MOVE_BUDGET = "App move budget";
    public static final String SWAP_WITHOUT_ROOM = "Swap without room";
    public static final String CORE_SWITCH_DISPERSION = "Core switch dispersion";
    public static final String CHASSIS_DISPERSION = "Chassis dispersion";
    public static final String HOST_DISPERSION = "Host dispersion";
    public static final String NODE_BALANCE = "Node balance";
    public static final String MIGRATION_COST = "Migration cost";

    // Shared instances, so that the streams built from them share one node in Timefold's network.
    private static final Predicate<PodAssignment> MOVED = PodAssignment::isMoved;
    private static final Predicate<PodAssignment> SPREADS = a -> a.getApp().getPodCount() > 1;
    private static final Function<PodAssignment, ClusterNode> NODE = PodAssignment::getNode;
    private static final Function<PodAssignment, App> APP = PodAssignment::getApp;
    private static final UniConstraintCollector<PodAssignment, ?, Long> CPU = sum(PodAssignment::getCpuMillis);
    private static final UniConstraintCollector<PodAssignment, ?, Long> MEMORY = sum(PodAssignment::getMemoryMb);
    private static final UniConstraintCollector<PodAssignment, ?, Long> DISK = sum(PodAssignment::getDiskMb);

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            nodeCapacity(factory),
            nodeEligibility(factory),
            maxUnavailable(factory),
            moveBudget(factory),
            appMoveBudget(factory),
            swapWithoutRoom(factory),
            coreSwitchDispersion(factory),
            chassisDispersion(factory),
            hostDispersion(factory),
            nodeBalance(factory),
            migrationCost(factory)
        };
    }

    /** Requests above a node's allocatable, cpu millis plus memory and disk MiB (hard). */
    Constraint nodeCapacity(ConstraintFactory factory) {
        return nodeUsage(factory)
                .filter((node, cpu, memory, disk) -> node.capacityExcess(cpu, memory, disk) > 0)
                .penalize(HardSoftScore.ONE_HARD, ClusterNode::capacityExcess)
                .asConstraint(NODE_CAPACITY);
    }

    /** Each pod on a node the placement job's filter chain rejects for it, other than its current node (hard). */
    Constraint nodeEligibility(ConstraintFactory factory) {
        return factory.forEach(PodAssignment.class)
                .filter(assignment -> !assignment.isOnEligibleNode())
                .penalize(HardSoftScore.ONE_HARD)
                .asConstraint(NODE_ELIGIBILITY);
    }

    /** Moved pods of an app beyond its max-unavailable times the plan's waves (hard). */
    Constraint maxUnavailable(ConstraintFactory factory) {
        return movedPerApp(factory)
                .join(RebalanceSettings.class)
                .filter((app, moved, settings) -> moved > settings.movableWithin(app.getMaxUnavailable()))
                .penalize(HardSoftScore.ONE_HARD,
                        (app, moved, settings) -> moved - settings.movableWithin(app.getMaxUnavailable()))
                .asConstraint(MAX_UNAVAILABLE);
    }

    /** Moved pods beyond the run's budget (hard). */
    Constraint moveBudget(ConstraintFactory factory) {
        return factory.forEach(PodAssignment.class)
                .filter(MOVED)
                .groupBy(count())
                .join(RebalanceSettings.class)
                .filter((moved, settings) -> moved > settings.maxMoves())
                .penalize(HardSoftScore.ONE_HARD, (moved, settings) -> moved - settings.maxMoves())
                .asConstraint(MOVE_BUDGET);
    }

    /** Moved pods of an app beyond the per-app budget (hard). */
    Constraint appMoveBudget(ConstraintFactory factory) {
        return movedPerApp(factory)
                .join(RebalanceSettings.class)
                .filter((app, moved, settings) -> moved > settings.maxMovesPerApp())
                .penalize(HardSoftScore.ONE_HARD, (app, moved, settings) -> moved - settings.maxMovesPerApp())
                .asConstraint(APP_MOVE_BUDGET);
    }

    /**
     * Each pair of pods that trade nodes where neither node has room for the incoming pod before
     * the outgoing one leaves: make-before-break could only do it with a detour, an extra move the
     * budget rarely leaves room for (hard).
     */
    Constraint swapWithoutRoom(ConstraintFactory factory) {
        return factory.forEach(PodAssignment.class)
                .filter(MOVED)
                .join(factory.forEach(PodAssignment.class).filter(MOVED),
                        Joiners.equal(PodAssignment::getOriginalNode, PodAssignment::getNode),
                        Joiners.equal(PodAssignment::getNode, PodAssignment::getOriginalNode),
                        Joiners.lessThan(PodAssignment::getId))
                .filter((a, b) -> !a.getNode().hasRoomAtStartFor(a) && !b.getNode().hasRoomAtStartFor(b))
                .penalize(HardSoftScore.ONE_HARD)
                .asConstraint(SWAP_WITHOUT_ROOM);
    }

    /** Co-location of each app's pods under one core switch, see {@link App#colocation} (soft). */
    Constraint coreSwitchDispersion(ConstraintFactory factory) {
        return colocation(factory, PodAssignment::getCoreSwitch, CORE_SWITCH_DISPERSION);
    }

    /** Co-location of each app's pods in one chassis, see {@link App#colocation} (soft). */
    Constraint chassisDispersion(ConstraintFactory factory) {
        return colocation(factory, PodAssignment::getChassis, CHASSIS_DISPERSION);
    }

    /** Co-location of each app's pods on one host, see {@link App#colocation} (soft). */
    Constraint hostDispersion(ConstraintFactory factory) {
        return colocation(factory, PodAssignment::getHost, HOST_DISPERSION);
    }

    /** Per node, squares of cpu and memory use in permille, over 1,000: lowest when load is even (soft). */
    Constraint nodeBalance(ConstraintFactory factory) {
        return nodeUsage(factory)
                .filter((node, cpu, memory, disk) -> node.loadSquares(cpu, memory) > 0)
                .penalize(HardSoftScore.ONE_SOFT, (node, cpu, memory, disk) -> node.loadSquares(cpu, memory))
                .asConstraint(NODE_BALANCE);
    }

    /** Each moved pod: a migration restarts it elsewhere (soft). */
    Constraint migrationCost(ConstraintFactory factory) {
        return factory.forEach(PodAssignment.class)
                .filter(MOVED)
                .penalize(HardSoftScore.ONE_SOFT)
                .asConstraint(MIGRATION_COST);
    }

    /** Requests per node that holds a pod; one shared node for capacity and balance. */
    private static QuadConstraintStream<ClusterNode, Long, Long, Long> nodeUsage(ConstraintFactory factory) {
        return factory.forEach(PodAssignment.class).groupBy(NODE, CPU, MEMORY, DISK);
    }

    /** Moved pods per app; one shared node for the max-unavailable and per-app budget rules. */
    private static BiConstraintStream<App, Long> movedPerApp(ConstraintFactory factory) {
        return factory.forEach(PodAssignment.class).filter(MOVED).groupBy(APP, count());
    }

    /** Pods of an app per domain of one level, penalized by their co-location. */
    private static Constraint colocation(ConstraintFactory factory, Function<PodAssignment, Integer> domain, String name) {
        return factory.forEach(PodAssignment.class)
                .filter(SPREADS)
                .groupBy(APP, domain, count())
                .filter((app, where, pods) -> pods > 1)
                .penalize(HardSoftScore.ONE_SOFT, (app, where, pods) -> app.colocation(pods))
                .asConstraint(name);
    }
}
