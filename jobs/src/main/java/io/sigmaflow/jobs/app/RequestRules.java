package io.sigmaflow.jobs.app;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.UpgradePolicy;
import io.sigmaflow.schema.job.AppState;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a request may ask, given the app's state, and how it changes the desired state. Problems are
 * reported field by field in words a release engineer can act on.
 */
final class RequestRules {
    /** Pod ids are {@code <appId>-<n>}; executors accept ids of these characters only (node-executor). */
    static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_REPLICAS = 100_000;
    static final int MAX_REQUEST_ID = 200;

    private RequestRules() {}

    /**
     * The problem with {@code r} for an app in state {@code s} (null: never seen), or null when valid;
     * pods no larger than {@code maxNode}: a pod no node may ever hold is refused, not left pending.
     */
    static String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        if (r.getRequestId() == null || r.getRequestId().isBlank()) {
            return "requestId: must not be blank";
        }
        if (r.getRequestId().length() > MAX_REQUEST_ID) {
            return "requestId: at most " + MAX_REQUEST_ID + " characters, got " + r.getRequestId().length();
        }
        if (r.getAppId() == null || !APP_ID.matcher(r.getAppId()).matches()) {
            return "appId: '" + quote(r.getAppId()) + "' must be 1 to 100 characters of A-Z a-z 0-9 . _ -, starting with a"
                    + " letter or digit (pod ids are <appId>-<n>)";
        }
        if (r.getAppId().contains("..")) {
            return "appId: '" + r.getAppId() + "' must not contain '..' (app ids name files and cgroups on hosts)";
        }
        boolean known = published(s);
        boolean destroying = s != null && s.getDestroyed() && (livePods(s) > 0 || s.getSlots() > 0);
        return switch (r.getType()) {
            case PUBLISH -> {
                if (known) {
                    yield "appId: app " + r.getAppId() + " already exists (revision " + s.getRevision()
                            + "); use SCALE or UPGRADE";
                }
                if (destroying) {
                    yield "appId: app " + r.getAppId() + " is still being destroyed; publish it again once its"
                            + " DESTROY completed";
                }
                String p = replicas(r, true);
                p = p != null ? p : template(r, maxNode);
                yield p != null ? p : policy(r.getUpgrade());
            }
            case SCALE -> known ? replicas(r, true) : unknown(r);
            case UPGRADE -> {
                if (!known) {
                    yield unknown(r);
                }
                String p = r.getReplicas() != null ? replicas(r, false) : null;
                p = p != null ? p : template(r, maxNode);
                yield p != null ? p : policy(r.getUpgrade());
            }
            case DESTROY -> s != null && !s.getDestroyed() ? null : unknown(r); // a reservation alone may go too
            case RESERVE -> {
                if (destroying) {
                    yield "appId: app " + r.getAppId() + " is still being destroyed; reserve again once its DESTROY"
                            + " completed";
                }
                String p = replicas(r, true);
                yield p != null || r.getReplicas() == 0 ? p : template(r, maxNode); // 0 cancels: no template needed
            }
        };
    }

    /** At most 100 characters of an id for a message (a longer one is refused for its length). */
    private static String quote(String id) {
        return id == null || id.length() <= 100 ? id : id.substring(0, 100) + "... (" + id.length() + " characters)";
    }

    /** True for an app that was published and not destroyed (an app may exist with only a reservation). */
    static boolean published(AppState s) {
        return s != null && !s.getDestroyed() && s.getTemplate() != null;
    }

    private static String unknown(PlacementRequest r) {
        return "appId: unknown app " + r.getAppId() + " (never published, or destroyed); " + r.getType()
                + " needs a published app";
    }

    private static String replicas(PlacementRequest r, boolean required) {
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

    private static String template(PlacementRequest r, MaxNodeSize maxNode) {
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

    private static String policy(UpgradePolicy policy) {
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

    /** Pods of the app that still exist in any phase. */
    static int livePods(AppState s) {
        return s.getCurRouted() + s.getCurBound() + s.getCurPending() + s.getOldRouted() + s.getOldBound()
                + s.getOldPending() + s.getReleasing();
    }

    /**
     * The desired state after a valid request: the app is persisted with it before anything is placed.
     * PUBLISH after a DESTROY keeps the tombstone's pod numbering, clock and revision count, so no pod
     * id or generation is ever reused.
     */
    static AppState apply(PlacementRequest r, AppState s) {
        switch (r.getType()) {
            case PUBLISH -> {
                AppState fresh = s == null ? AppState.newBuilder().setAppId(r.getAppId()).build() : s;
                fresh.setRevision(fresh.getRevision() + 1);
                fresh.setDestroyed(false);
                fresh.setTemplate(r.getTemplate());
                fresh.setReplicas(r.getReplicas());
                setPolicy(fresh, r.getUpgrade());
                fresh.setPartitionCounts(new TreeMap<>());
                return fresh;
            }
            case SCALE -> s.setReplicas(r.getReplicas());
            case UPGRADE -> {
                s.setRevision(s.getRevision() + 1);
                s.setTemplate(r.getTemplate());
                if (r.getReplicas() != null) {
                    s.setReplicas(r.getReplicas());
                }
                setPolicy(s, r.getUpgrade());
                // Every pod is now of an old revision.
                s.setOldRouted(s.getOldRouted() + s.getCurRouted());
                s.setOldBound(s.getOldBound() + s.getCurBound());
                s.setOldPending(s.getOldPending() + s.getCurPending());
                s.setCurRouted(0);
                s.setCurBound(0);
                s.setCurPending(0);
                s.setPartitionCounts(new TreeMap<>());
            }
            case DESTROY -> {
                s.setDestroyed(true);
                s.setReplicas(0);
                s.setReserved(0);
            }
            case RESERVE -> {
                AppState held = s == null ? AppState.newBuilder().setAppId(r.getAppId()).build() : s;
                held.setDestroyed(false); // a tombstone comes back as an app with a reservation only
                int slots = r.getReplicas();
                if (slots > 0 && !r.getTemplate().equals(held.getReservation())) {
                    if (held.getReservation() != null) {
                        held.setSlotRevision(held.getSlotRevision() + 1); // the held slots are stale now
                    }
                    held.setReservation(r.getTemplate());
                }
                held.setReserved(slots);
                return held;
            }
        }
        return s;
    }

    private static void setPolicy(AppState s, UpgradePolicy policy) {
        if (policy != null) {
            s.setMaxUnavailable(policy.getMaxUnavailable());
            s.setMaxSurge(policy.getMaxSurge());
        }
    }

    /** Tombstone of a destroyed app: identity, numbering and clocks only. */
    static void toTombstone(AppState s) {
        s.setReservation(null);
        s.setReserved(0);
        s.setSlotClaims(new TreeMap<>());
        s.setOpenReservations(List.of());
        s.setLastReservationOutcome(null);
        s.setTemplate(null);
        s.setReplicas(0);
        s.setPartitionCounts(new TreeMap<>());
        s.setOpenRequests(List.of());
        s.setPendingReasons(new TreeMap<>());
        s.setPendingMessage(null);
        s.setLastOutcome(null);
    }
}
