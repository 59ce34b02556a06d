package io.sigmaflow.jobs.app;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.UpgradePolicy;
import io.sigmaflow.schema.job.AppState;

/** Checks of request fields and app states that several request types share. */
final class RequestChecks {
    static final int MAX_REPLICAS = 100_000;

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

    static String replicas(PlacementRequest r, boolean required) {
        Integer n = r.getReplicas();
        if (n == null) {
            return required ? "replicas: required for " + r.getType() : null;
        }
        if (n < 0) {
            return "replicas: must be >= 0, got " + n;
        }
        if (n > MAX_REPLICAS) {
            return "replicas: at most " + MAX_REPLICAS + ", got " + n;
        }
        return null;
    }

    static String template(PlacementRequest r, MaxNodeSize maxNode) {
        PodTemplate t = r.getTemplate();
        if (t == null) {
            return "template: required for " + r.getType();
        }
        Resources res = t.getResources();
        if (res.getCpuMillis() < 0 || res.getMemoryMb() < 0 || res.getDiskMb() < 0) {
            return "template.resources: must not be negative, got cpuMillis=" + res.getCpuMillis() + " memoryMb="
                    + res.getMemoryMb() + " diskMb=" + res.getDiskMb();
        }
        if (res.getCpuMillis() == 0 && res.getMemoryMb() == 0) {
            return "template.resources: a pod must request some cpu or memory";
        }
        String tooLarge = maxNode.podProblem(res, "template.resources");
        if (tooLarge != null) {
            return tooLarge;
        }
        if (t.getPayload() == null || t.getPayload().getExecutable() == null || t.getPayload().getExecutable().isBlank()) {
            return "template.payload.executable: must not be blank";
        }
        try {
            AvroMapping.pod(r.getAppId() + "-0", r.getAppId(), 0, t);
        } catch (IllegalArgumentException e) {
            return "template: " + e.getMessage();
        }
        return null;
    }

    static String policy(UpgradePolicy policy) {
        if (policy == null) {
            return null;
        }
        if (policy.getMaxUnavailable() < 0) {
            return "upgrade.maxUnavailable: must be >= 0, got " + policy.getMaxUnavailable();
        }
        if (policy.getMaxSurge() < 0) {
            return "upgrade.maxSurge: must be >= 0, got " + policy.getMaxSurge();
        }
        if (policy.getMaxUnavailable() == 0 && policy.getMaxSurge() == 0) {
            return "upgrade: maxUnavailable and maxSurge cannot both be 0 (the update could never make progress)";
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
