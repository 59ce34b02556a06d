package io.sigmaflow.jobs.app;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.UpgradePolicy;
import io.sigmaflow.schema.job.AppState;

/** Checks of app states (and of templates against the job's settings) that several request types share. */
final class RequestChecks {
    private RequestChecks() {}

    /** True for an app that was published and not destroyed (an app may exist with only a reservation). */
    static boolean published(AppState s) {
        return s != null && !s.getDestroyed() && s.getTemplate() != null;
    }

    /** True for an app destroyed whose pods or slots are still being released. */
    static boolean destroying(AppState s) {
        return s != null && s.getDestroyed() && (livePods(s) > 0 || s.getSlots() > 0);
    }

    /** Pods of the app that still exist in any phase. */
    static int livePods(AppState s) {
        return s.getCurRouted() + s.getCurBound() + s.getCurPending() + s.getOldRouted() + s.getOldBound()
                + s.getOldPending() + s.getReleasing();
    }

    static String unknown(PlacementRequest r) {
        return "appId: unknown app " + r.getAppId() + " (never published, or destroyed); " + r.getType()
                + " needs a published app";
    }

    /**
     * What only the job can say of a template whose fields passed {@code RequestFieldRules}: a pod
     * larger than the largest node may be, or one the placer's model refuses.
     */
    static String template(PlacementRequest r, MaxNodeSize maxNode) {
        PodTemplate t = r.getTemplate();
        String tooLarge = maxNode.podProblem(t.getResources(), "template.resources");
        if (tooLarge != null) {
            return tooLarge;
        }
        try {
            AvroMapping.pod(r.getAppId() + "-0", r.getAppId(), 0, t);
        } catch (IllegalArgumentException e) {
            return "template: " + e.getMessage();
        }
        return null;
    }

    static void setPolicy(AppState s, UpgradePolicy policy) {
        if (policy != null) {
            s.setMaxUnavailable(policy.getMaxUnavailable());
            s.setMaxSurge(policy.getMaxSurge());
        }
    }
}
