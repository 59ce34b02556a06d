package io.sigmaflow.placement.framework;

import io.sigmaflow.schema.TopologyLevel;

/**
 * A summary of one topology domain (a core switch, a chassis, a host) kept up to date by the index,
 * so that plugins can reason about a domain without visiting its nodes. Maxima are over single
 * nodes (the largest free amount any one node has; {@code Long.MIN_VALUE} for a domain without
 * nodes, negative when every node is overcommitted); sums are over all nodes of the domain.
 */
public interface DomainView {
    /** Index-assigned id, the key of {@link AppSpread#podsIn}. */
    int id();

    /** Position of this domain's level in the configured levels; -1 for the root (the whole index). */
    int levelIndex();

    /** Null for the root. */
    TopologyLevel level();

    String name();

    int nodes();

    int schedulableNodes();

    long maxFreeCpu();

    long maxFreeMemory();

    long maxFreeDisk();

    long freeCpu();

    long freeMemory();

    long allocatableCpu();

    long allocatableMemory();
}
