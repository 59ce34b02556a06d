package io.sigmaflow.client;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.Locale;
import java.util.UUID;

/**
 * The requests {@link SigmaClient} sends, each with a fresh request id ({@code <type>-<app>-<8 hex>}):
 * keep one to resend it ({@link SigmaClient#submit}), or give it an id of your own
 * ({@code PlacementRequest.newBuilder(r).setRequestId(id).build()}), e.g. your release's id.
 */
public final class Requests {
    private Requests() {}

    public static PlacementRequest publish(AppSpec spec, String submitter) {
        return request(RequestType.PUBLISH, spec.app(), submitter)
                .setReplicas(spec.replicas()).setTemplate(spec.template()).setUpgrade(spec.upgrade()).build();
    }

    public static PlacementRequest scale(String app, int replicas, String submitter) {
        return request(RequestType.SCALE, app, submitter).setReplicas(replicas).build();
    }

    /** {@code policy} null: the spec's {@code upgrade}, else the app's current limits. */
    public static PlacementRequest upgrade(AppSpec spec, UpgradePolicy policy, String submitter) {
        return request(RequestType.UPGRADE, spec.app(), submitter).setReplicas(spec.replicas())
                .setTemplate(spec.template()).setUpgrade(policy != null ? policy : spec.upgrade()).build();
    }

    public static PlacementRequest destroy(String app, String submitter) {
        return request(RequestType.DESTROY, app, submitter).build();
    }

    /** {@code slots} 0 cancels the reservation (no template needed). */
    public static PlacementRequest reserve(String app, int slots, PodTemplate template, String submitter) {
        return request(RequestType.RESERVE, app, submitter).setReplicas(slots).setTemplate(slots == 0 ? null : template).build();
    }

    private static PlacementRequest.Builder request(RequestType type, String app, String submitter) {
        String safeApp = app == null ? "" : app.length() > 100 ? app.substring(0, 100) : app;
        return PlacementRequest.newBuilder()
                .setRequestId(type.name().toLowerCase(Locale.ROOT) + "-" + safeApp + "-" + UUID.randomUUID().toString().substring(0, 8))
                .setAppId(app)
                .setType(type)
                .setSubmittedAtMs(System.currentTimeMillis())
                .setSubmitter(submitter);
    }
}
