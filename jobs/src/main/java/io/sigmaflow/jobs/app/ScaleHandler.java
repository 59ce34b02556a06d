package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;

/** SCALE: a published app's replicas; the reconciler creates or removes pods to match. */
final class ScaleHandler implements RequestHandler {
    @Override
    public String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        return RequestChecks.published(s) ? null : RequestChecks.unknown(r);
    }

    @Override
    public AppState apply(PlacementRequest r, AppState s) {
        s.setReplicas(r.getReplicas());
        return s;
    }
}
