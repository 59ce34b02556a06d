package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.TopologyLevels;

/** What a plugin may read about the whole set of nodes while preparing a cycle. */
public interface ClusterView {
    /** A view with no nodes and no pods, for filters run outside an index (for example by the solver). */
    static ClusterView detached(TopologyLevels levels) {
        return new ClusterView() {
            @Override
            public TopologyLevels levels() {
                return levels;
            }

            @Override
            public AppSpread spread(String appId) {
                return AppSpread.EMPTY;
            }
        };
    }

    TopologyLevels levels();

    /** Never null; {@link AppSpread#EMPTY} for an app with no pods here. */
    AppSpread spread(String appId);
}
