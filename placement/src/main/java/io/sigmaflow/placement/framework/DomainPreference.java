package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Pod;

/**
 * A lexicographic preference over topology domains, applied widest level first while the placer
 * descends the topology: it never picks a node in a domain while a sibling domain of strictly lower
 * rank still holds a node that passes every filter. Best-effort dispersion is one (rank = pods of
 * the app already in the domain). A score plugin may implement it; a profile enables at most one.
 *
 * @param <S> the state the same plugin's {@link ScorePlugin#prepare} returned
 */
public interface DomainPreference<S> {
    /** Lower is preferred, never negative. Equal ranks leave the choice to the scores. */
    long rank(S state, Pod pod, DomainView domain);

    /**
     * True when every child of {@code parent} is known to have the same rank, so the placer need not
     * rank them one by one (dispersion: the app has no pod below {@code parent}). Only a shortcut.
     */
    default boolean ranksChildrenEqually(S state, Pod pod, DomainView parent) {
        return false;
    }
}
