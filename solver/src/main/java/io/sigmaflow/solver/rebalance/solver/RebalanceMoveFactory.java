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
 * The moved pods are kept in a list with O(1) updates: Timefold creates the iterator once per
 * step, after applying the step's move, and only pods touched by the previous step's moves can
 * have changed, so only those are re-checked (a scan of every pod per step cost more than the
 * moves themselves on a 16,000-pod cluster).
 */
public final class RebalanceMoveFactory implements MoveIteratorFactory<RebalanceSolution, Move<RebalanceSolution>> {
    static final int CHANGE = 55;
    static final int SWAP = 15;
    static final int REVERT_AND_CHANGE = 25;
    // The rest (5 %): plain revert.
    private static final int NODE_TRIES = 8;

    private PlanningVariableMetaModel<RebalanceSolution, PodAssignment, ClusterNode> variable;
    private List<PodAssignment> movable;
    /** Movable pods per app, for picking an app first: every app weighs the same in dispersion. */
    private List<List<PodAssignment>> movableByApp;
    private MovedPods moved;
    /** Pods in the moves handed out since the last iterator was created. */
    private final List<PodAssignment> touched = new ArrayList<>();

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
        java.util.Map<Object, List<PodAssignment>> byApp = new java.util.LinkedHashMap<>();
        for (PodAssignment a : movable) {
            byApp.computeIfAbsent(a.getApp(), k -> new ArrayList<>()).add(a);
        }
        movableByApp = new ArrayList<>(byApp.values());
        moved = new MovedPods();
        movable.forEach(moved::refresh);
        touched.clear();
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
        touched.forEach(moved::refresh);
        touched.clear();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !movable.isEmpty() && nodes.size() > 1;
            }

            @Override
            public Move<RebalanceSolution> next() {
                int kind = random.nextInt(100);
                if (kind < CHANGE) {
                    return change(anyPod());
                }
                if (kind < CHANGE + SWAP) {
                    return swap();
                }
                if (moved.isEmpty()) {
                    return change(anyPod());
                }
                PodAssignment back = moved.get(random.nextInt(moved.size()));
                PodAssignment other = anyPod();
                if (kind < CHANGE + SWAP + REVERT_AND_CHANGE && other != back) {
                    return Moves.compose(revert(back), change(other));
                }
                return revert(back);
            }

            /**
             * Half the time a pod of a random app: most pods belong to a few big apps, but a small
             * app's co-located pods gain as much from a move (dispersion is normalized per app).
             */
            private PodAssignment anyPod() {
                if (random.nextBoolean()) {
                    return movable.get(random.nextInt(movable.size()));
                }
                List<PodAssignment> app = movableByApp.get(random.nextInt(movableByApp.size()));
                return app.get(random.nextInt(app.size()));
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
                touched.add(pod);
                return Moves.change(variable, pod, target);
            }

            private Move<RebalanceSolution> swap() {
                PodAssignment a = movable.get(random.nextInt(movable.size()));
                PodAssignment b = movable.get(random.nextInt(movable.size()));
                if (a.getNode() == b.getNode() || a.getApp() == b.getApp()) {
                    return change(a);
                }
                touched.add(a);
                touched.add(b);
                return Moves.swap(variable, a, b);
            }

            private Move<RebalanceSolution> revert(PodAssignment pod) {
                touched.add(pod);
                return Moves.change(variable, pod, pod.getOriginalNode());
            }
        };
    }

    /** The pods away from their original node: a list for random picks, an index for O(1) removal. */
    private static final class MovedPods {
        private final List<PodAssignment> list = new ArrayList<>();
        private final java.util.Map<PodAssignment, Integer> index = new java.util.HashMap<>();

        void refresh(PodAssignment pod) {
            Integer at = index.get(pod);
            if (pod.isMoved() && at == null) {
                index.put(pod, list.size());
                list.add(pod);
            } else if (!pod.isMoved() && at != null) {
                PodAssignment last = list.remove(list.size() - 1);
                if (last != pod) {
                    list.set(at, last);
                    index.put(last, at);
                }
                index.remove(pod);
            }
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        int size() {
            return list.size();
        }

        PodAssignment get(int i) {
            return list.get(i);
        }
    }
}
