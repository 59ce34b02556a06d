package io.sigmaflow.solver.rebalance.solver;

import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import ai.timefold.solver.core.impl.score.director.InnerScoreDirector;
import ai.timefold.solver.core.impl.score.director.ScoreDirector;
import ai.timefold.solver.core.preview.api.domain.metamodel.GenuineEntityMetaModel;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningEntityMetaModel;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningVariableMetaModel;
import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.builtin.Moves;
import io.sigmaflow.solver.rebalance.domain.ClusterNode;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The rebalancer's neighbourhood, random moves only:
 * <ul>
 *   <li>change: a movable pod to another node that its filters accept;</li>
 *   <li>swap: the nodes of two movable pods;</li>
 *   <li>revert-and-change: a pod the solution moves goes back home, another pod moves. With a hard
 *       budget on moves, once the budget is used a better solution needs a different set of moved
 *       pods: a plain change then breaks the budget and a plain revert loses the gain, so this pair
 *       is what keeps the search going (a random change would pick a pod's original node once
 *       in as many tries as there are nodes);</li>
 *   <li>revert: a moved pod goes home (frees budget).</li>
 * </ul>
 * The moved pods are listed once per step (the iterator is created per step).
 */
public final class RebalanceMoveFactory implements MoveIteratorFactory<RebalanceSolution, Move<RebalanceSolution>> {
    static final int CHANGE = 55;
    static final int SWAP = 15;
    static final int REVERT_AND_CHANGE = 25;
    // The rest (5 %): plain revert.
    private static final int NODE_TRIES = 8;

    private PlanningVariableMetaModel<RebalanceSolution, PodAssignment, ClusterNode> variable;
    private List<PodAssignment> movable;

    @Override
    @SuppressWarnings("unchecked")
    public void phaseStarted(ScoreDirector<RebalanceSolution> scoreDirector) {
        var metaModel = ((InnerScoreDirector<RebalanceSolution, ?>) scoreDirector).getSolutionDescriptor().getMetaModel();
        for (PlanningEntityMetaModel<RebalanceSolution, ?> entity : metaModel.entities()) {
            if (entity.type() == PodAssignment.class) {
                variable = ((GenuineEntityMetaModel<RebalanceSolution, PodAssignment>) entity).basicVariable("node");
            }
        }
        movable = new ArrayList<>();
        for (PodAssignment a : scoreDirector.getWorkingSolution().getAssignments()) {
            if (!a.isPinned()) {
                movable.add(a);
            }
        }
    }

    @Override
    public long getSize(ScoreDirector<RebalanceSolution> scoreDirector) {
        return (long) scoreDirector.getWorkingSolution().getAssignments().size()
                * scoreDirector.getWorkingSolution().getNodes().size();
    }

    @Override
    public Iterator<Move<RebalanceSolution>> createOriginalMoveIterator(ScoreDirector<RebalanceSolution> scoreDirector) {
        throw new UnsupportedOperationException("the rebalancer's moves are random only");
    }

    @Override
    public Iterator<Move<RebalanceSolution>> createRandomMoveIterator(ScoreDirector<RebalanceSolution> scoreDirector,
            RandomGenerator random) {
        List<ClusterNode> nodes = scoreDirector.getWorkingSolution().getNodes();
        List<PodAssignment> moved = new ArrayList<>();
        for (PodAssignment a : movable) {
            if (a.isMoved()) {
                moved.add(a);
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !movable.isEmpty() && nodes.size() > 1;
            }

            @Override
            public Move<RebalanceSolution> next() {
                int kind = random.nextInt(100);
                if (kind < CHANGE) {
                    return change(movable.get(random.nextInt(movable.size())));
                }
                if (kind < CHANGE + SWAP) {
                    return swap();
                }
                if (moved.isEmpty()) {
                    return change(movable.get(random.nextInt(movable.size())));
                }
                PodAssignment back = moved.get(random.nextInt(moved.size()));
                PodAssignment other = movable.get(random.nextInt(movable.size()));
                if (kind < CHANGE + SWAP + REVERT_AND_CHANGE && other != back) {
                    return Moves.compose(revert(back), change(other));
                }
                return revert(back);
            }

            private Move<RebalanceSolution> change(PodAssignment pod) {
                ClusterNode target = null;
                for (int i = 0; i < NODE_TRIES; i++) {
                    ClusterNode candidate = nodes.get(random.nextInt(nodes.size()));
                    if (candidate != pod.getNode() && pod.isEligibleOn(candidate)) {
                        target = candidate;
                        break;
                    }
                }
                if (target == null) {
                    // Few eligible nodes: go home, or stay (a no-op move, rejected by its score).
                    target = pod.getOriginalNode();
                }
                return Moves.change(variable, pod, target);
            }

            private Move<RebalanceSolution> swap() {
                PodAssignment a = movable.get(random.nextInt(movable.size()));
                PodAssignment b = movable.get(random.nextInt(movable.size()));
                if (a.getNode() == b.getNode() || a.getApp() == b.getApp()) {
                    return change(a);
                }
                return Moves.swap(variable, a, b);
            }

            private Move<RebalanceSolution> revert(PodAssignment pod) {
                return Moves.change(variable, pod, pod.getOriginalNode());
            }
        };
    }
}
