package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;
import java.util.TreeMap;

/**
 * UPGRADE: a new revision of a published app's template (and optionally replicas and policy);
 * every existing pod becomes one of an old revision, which the reconciler rolls step by step.
 */
final class UpgradeHandler implements RequestHandler {
    @Override
    public String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        if (!RequestChecks.published(s)) {
            return RequestChecks.unknown(r);
        }
        return RequestChecks.template(r, maxNode);
    }

    @Override
    public AppState apply(PlacementRequest r, AppState s) {
        s.setRevision(s.getRevision() + 1);
        s.setTemplate(r.getTemplate());
        if (r.getReplicas() != null) {
            s.setReplicas(r.getReplicas());
        }
        RequestChecks.setPolicy(s, r.getUpgrade());
        // Every pod is now of an old revision.
        s.setOldRouted(s.getOldRouted() + s.getCurRouted());
        s.setOldBound(s.getOldBound() + s.getCurBound());
        s.setOldPending(s.getOldPending() + s.getCurPending());
        s.setCurRouted(0);
        s.setCurBound(0);
        s.setCurPending(0);
        s.setPartitionCounts(new TreeMap<>());
        return s;
    }
}
