package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.Pod;
import java.util.Random;

/** The Random baseline, a benchmark-only score: a seeded random number per feasible node, so any node that fits is as likely. */
final class RandomScore implements ScorePlugin<Pod> {
    static final String NAME = "Random";
    private final Random random;

    RandomScore(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pod prepare(Pod pod, ClusterView cluster) {
        return pod;
    }

    @Override
    public double score(Pod pod, Pod ignored, NodeView node) {
        return random.nextDouble() * MAX_SCORE;
    }
}
