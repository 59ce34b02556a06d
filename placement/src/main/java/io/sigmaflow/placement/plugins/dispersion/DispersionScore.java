package io.sigmaflow.placement.plugins.dispersion;

import io.sigmaflow.placement.framework.AppSpread;
import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.DomainPreference;
import io.sigmaflow.placement.framework.DomainView;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.Pod;

/**
 * Best-effort multi-level dispersion (docs/design.md invariant 3), in two parts:
 * <ul>
 *   <li>as a {@link DomainPreference}, rank = pods of the app already in the domain, at the levels
 *       the pod spreads over. The placer descends widest level first and enters a domain with the
 *       fewest pods of the app that still has a feasible node, so two pods share a switch, chassis
 *       or host only when no feasible alternative exists at that level, and never stay pending
 *       because of it;</li>
 *   <li>as a score, {@code sum_l weight_l * pods of the app in the node's level-l domain} (lower is
 *       better), normalized so the candidates with the fewest score 100: it orders nodes that the
 *       preference left tied and explains the choice.</li>
 * </ul>
 */
public final class DispersionScore implements ScorePlugin<DispersionScore.State>, DomainPreference<DispersionScore.State> {
    public static final String NAME = "Dispersion";

    /** What one cycle needs: the pod's weight per configured level (0: does not spread) and its app's spread. */
    public static final class State {
        final int[] weights;
        final AppSpread spread;
        // Candidates mostly share their wider domains: remember the last lookup per level.
        private final int[] lastDomain;
        private final int[] lastCount;

        State(int[] weights, AppSpread spread) {
            this.weights = weights;
            this.spread = spread;
            this.lastDomain = new int[weights.length];
            this.lastCount = new int[weights.length];
            java.util.Arrays.fill(lastDomain, -1);
        }

        int podsIn(int level, int domain) {
            if (domain != lastDomain[level]) {
                lastDomain[level] = domain;
                lastCount[level] = spread.podsIn(domain);
            }
            return lastCount[level];
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State prepare(Pod pod, ClusterView cluster) {
        return new State(pod.dispersion().resolve(cluster.levels()), cluster.spread(pod.appId()));
    }

    @Override
    public long rank(State state, Pod pod, DomainView domain) {
        int level = domain.levelIndex();
        if (level < 0 || state.weights[level] == 0) {
            return 0;
        }
        return state.spread.podsIn(domain.id());
    }

    /** The level below {@code parent} is not spread over, or the app has no pod below {@code parent}. */
    @Override
    public boolean ranksChildrenEqually(State state, Pod pod, DomainView parent) {
        int childLevel = parent.levelIndex() + 1;
        if (childLevel >= state.weights.length || state.weights[childLevel] == 0) {
            return true;
        }
        int below = parent.levelIndex() < 0 ? state.spread.totalPods() : state.spread.podsIn(parent.id());
        return below == 0;
    }

    @Override
    public double score(State state, Pod pod, NodeView node) {
        if (state.spread.totalPods() == 0) {
            return 0;
        }
        double raw = 0;
        int[] weights = state.weights;
        for (int level = 0; level < weights.length; level++) {
            if (weights[level] != 0) {
                int domain = node.domainId(level);
                raw += domain < 0 ? 0 : weights[level] * (double) state.podsIn(level, domain);
            }
        }
        return raw;
    }

    /** {@code 100 * (max - raw) / (max - min)} over the candidates; all equal: 100. */
    @Override
    public void normalize(State state, Pod pod, double[] scores, int count) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < count; i++) {
            scores[i] = max == min ? MAX_SCORE : MAX_SCORE * (max - scores[i]) / (max - min);
        }
    }
}
