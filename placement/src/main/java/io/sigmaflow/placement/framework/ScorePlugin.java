package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Pod;

/**
 * A preference among the nodes that passed every filter (kube-scheduler's PreScore + Score +
 * NormalizeScore). Scores are normalized onto [0, {@link #MAX_SCORE}], then weighted and summed.
 *
 * @param <S> what {@link #prepare} precomputes once per pod
 */
public interface ScorePlugin<S> extends Plugin {
    double MAX_SCORE = 100;

    /** Once per pod, before any node is scored; may return null. */
    S prepare(Pod pod, ClusterView cluster);

    /** Raw score of {@code node} for the pod; after {@link #normalize}, higher is better. */
    double score(S state, Pod pod, NodeView node);

    /**
     * Maps the raw scores of this cycle's candidates ({@code scores[0..count)}) onto
     * [0, MAX_SCORE] in place. The default suits scorers whose raw score is already in range.
     */
    default void normalize(S state, Pod pod, double[] scores, int count) {}
}
