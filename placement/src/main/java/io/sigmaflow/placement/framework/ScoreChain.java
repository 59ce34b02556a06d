package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * The enabled scores with their weights, in profile order. A cycle scores a set of candidate nodes:
 * raw score per plugin, normalize per plugin, then the weighted sum.
 */
public final class ScoreChain {
    /** A score plugin and its weight in the total. */
    public record Weighted(ScorePlugin<?> plugin, double weight) {
        public Weighted {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of score " + plugin.name() + " must be > 0, got " + weight);
            }
        }
    }

    private final List<Weighted> weighted;
    private final ScorePlugin<Object>[] plugins;
    private final double[] weights;
    private final String[] names;
    /** Index of the plugin that is the {@link DomainPreference}, or -1. */
    private final int preference;
    private final int[] hintIndexes;

    @SuppressWarnings("unchecked")
    public ScoreChain(List<Weighted> scores) {
        this.weighted = List.copyOf(scores);
        int n = weighted.size();
        this.plugins = new ScorePlugin[n];
        this.weights = new double[n];
        this.names = new String[n];
        int pref = -1;
        List<Integer> hints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Each plugin only ever receives the state its own prepare() returned, so the cast is safe.
            plugins[i] = (ScorePlugin<Object>) weighted.get(i).plugin();
            weights[i] = weighted.get(i).weight();
            names[i] = plugins[i].name();
            for (int j = 0; j < i; j++) {
                if (names[j].equals(names[i])) {
                    throw new IllegalArgumentException("score " + names[i] + " is enabled twice");
                }
            }
            if (plugins[i] instanceof DomainPreference<?>) {
                if (pref >= 0) {
                    throw new IllegalArgumentException("at most one domain preference may be enabled, got "
                            + names[pref] + " and " + names[i]);
                }
                pref = i;
            }
            if (plugins[i] instanceof DomainHint) {
                hints.add(i);
            }
        }
        this.preference = pref;
        this.hintIndexes = hints.stream().mapToInt(Integer::intValue).toArray();
    }

    public List<Weighted> weighted() {
        return weighted;
    }

    public int size() {
        return plugins.length;
    }

    public String name(int i) {
        return names[i];
    }

    /** The plugins' names in profile order (what a compact explanation's positions refer to). */
    public List<String> names() {
        return List.of(names);
    }

    public double weight(int i) {
        return weights[i];
    }

    /** Weighted sum of the domain hints of the plugins that give one; it does not depend on the pod. */
    public double hint(DomainView domain) {
        double sum = 0;
        for (int i : hintIndexes) {
            sum += weights[i] * ((DomainHint) plugins[i]).domainHint(domain);
        }
        return sum;
    }

    public boolean hasHints() {
        return hintIndexes.length > 0;
    }

    public ScoreCycle prepare(Pod pod, ClusterView cluster) {
        Object[] states = new Object[plugins.length];
        for (int i = 0; i < plugins.length; i++) {
            states[i] = plugins[i].prepare(pod, cluster);
        }
        return new ScoreCycle(pod, states);
    }

    /** The scores prepared for one pod. Not thread-safe. */
    public final class ScoreCycle {
        private final Pod pod;
        private final Object[] states;

        private ScoreCycle(Pod pod, Object[] states) {
            this.pod = pod;
            this.states = states;
        }

        public boolean hasPreference() {
            return preference >= 0;
        }

        /** The domain preference's rank (0 when none is enabled). */
        @SuppressWarnings("unchecked")
        public long rank(DomainView domain) {
            return preference < 0 ? 0
                    : ((DomainPreference<Object>) plugins[preference]).rank(states[preference], pod, domain);
        }

        /** True when the preference ranks every child of {@code parent} the same (or there is no preference). */
        @SuppressWarnings("unchecked")
        public boolean ranksChildrenEqually(DomainView parent) {
            return preference < 0
                    || ((DomainPreference<Object>) plugins[preference]).ranksChildrenEqually(states[preference], pod, parent);
        }

        /** Weighted sum of the hints of the plugins that give one (the same for every pod). */
        public double hint(DomainView domain) {
            return ScoreChain.this.hint(domain);
        }

        public double hint(NodeView node) {
            double sum = 0;
            for (int i : hintIndexes) {
                sum += weights[i] * ((DomainHint) plugins[i]).nodeHint(node);
            }
            return sum;
        }

        /**
         * Scores {@code nodes[0..count)}: {@code perPlugin[p][k]} receives plugin p's normalized score
         * of node k, {@code totals[k]} the weighted sum.
         */
        public void score(NodeView[] nodes, int count, double[][] perPlugin, double[] totals) {
            java.util.Arrays.fill(totals, 0, count, 0);
            for (int p = 0; p < plugins.length; p++) {
                double[] row = perPlugin[p];
                for (int k = 0; k < count; k++) {
                    row[k] = plugins[p].score(states[p], pod, nodes[k]);
                }
                plugins[p].normalize(states[p], pod, row, count);
                for (int k = 0; k < count; k++) {
                    totals[k] += weights[p] * row[k];
                }
            }
        }
    }
}
