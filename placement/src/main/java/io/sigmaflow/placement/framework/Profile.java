package io.sigmaflow.placement.framework;

import java.util.ArrayList;
import java.util.List;

/**
 * One scheduling profile: the filters, the weighted scores and how hard the placer searches.
 *
 * @param maxCandidates how many feasible nodes, taken from the dispersion-preferred domains in hint
 *     order, are scored per pod (kube-scheduler's percentageOfNodesToScore, as a count); 0 scores all
 *     of them. Dispersion is exact either way; only the tie-breaking scores see fewer nodes.
 * @param preemption whether a pod that fits nowhere may evict strictly lower-priority pods
 */
public record Profile(FilterChain filters, ScoreChain scores, int maxCandidates, boolean preemption) {
    public static final int DEFAULT_MAX_CANDIDATES = 16;

    public Profile {
        if (maxCandidates < 0) {
            throw new IllegalArgumentException("maxCandidates must be >= 0, got " + maxCandidates);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a profile in code (tests, the rebalancer); configuration goes through {@code PlacementConfig}. */
    public static final class Builder {
        private final List<FilterPlugin<?>> filters = new ArrayList<>();
        private final List<ScoreChain.Weighted> scores = new ArrayList<>();
        private int maxCandidates = DEFAULT_MAX_CANDIDATES;
        private boolean preemption = true;

        public Builder filter(FilterPlugin<?> plugin) {
            filters.add(plugin);
            return this;
        }

        public Builder score(ScorePlugin<?> plugin, double weight) {
            scores.add(new ScoreChain.Weighted(plugin, weight));
            return this;
        }

        public Builder maxCandidates(int n) {
            this.maxCandidates = n;
            return this;
        }

        public Builder preemption(boolean enabled) {
            this.preemption = enabled;
            return this;
        }

        public Profile build() {
            return new Profile(new FilterChain(filters), new ScoreChain(scores), maxCandidates, preemption);
        }
    }
}
