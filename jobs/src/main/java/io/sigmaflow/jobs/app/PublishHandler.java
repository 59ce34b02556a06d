package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;
import java.util.TreeMap;

/**
 * PUBLISH: a new app (or one destroyed before) with its template, replicas and upgrade policy.
 * After a DESTROY it keeps the tombstone's pod numbering, clock and revision count, so no pod id or
 * generation is ever reused.
 */
final class PublishHandler implements RequestHandler {
    @Override
    public String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        if (RequestChecks.published(s)) {
            return "appId: app " + r.getAppId() + " already exists (revision " + s.getRevision()
                    + "); use SCALE or UPGRADE";
        }
        if (RequestChecks.destroying(s)) {
            return "appId: app " + r.getAppId() + " is still being destroyed; publish it again once its"
                    + " DESTROY completed";
        }
        return RequestChecks.template(r, maxNode);
    }

    @Override
    public AppState apply(PlacementRequest r, AppState s) {
        AppState fresh = s == null ? AppState.newBuilder().setAppId(r.getAppId()).build() : s;
        fresh.setRevision(fresh.getRevision() + 1);
        fresh.setDestroyed(false);
        fresh.setTemplate(r.getTemplate());
        fresh.setReplicas(r.getReplicas());
        RequestChecks.setPolicy(fresh, r.getUpgrade());
        fresh.setPartitionCounts(new TreeMap<>());
        return fresh;
    }
}
