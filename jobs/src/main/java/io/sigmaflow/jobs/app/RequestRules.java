package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.rules.RequestFieldRules;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;

/**
 * The request router: the rules of the request's own fields, shared with the client
 * ({@link RequestFieldRules}: ids, replicas, template, policy), then the handler of its type
 * ({@link PublishHandler}, {@link ScaleHandler}, {@link UpgradeHandler}, {@link DestroyHandler},
 * {@link ReserveHandler}) says what it may ask of the app's state and how it changes it. Problems are
 * reported field by field in words a release engineer can act on.
 */
final class RequestRules {
    static final int MAX_REPLICAS = RequestFieldRules.MAX_REPLICAS;

    private static final RequestHandler PUBLISH = new PublishHandler();
    private static final RequestHandler SCALE = new ScaleHandler();
    private static final RequestHandler UPGRADE = new UpgradeHandler();
    private static final RequestHandler DESTROY = new DestroyHandler();
    private static final RequestHandler RESERVE = new ReserveHandler();

    private RequestRules() {}

    /**
     * The problem with {@code r} for an app in state {@code s} (null: never seen), or null when valid;
     * pods no larger than {@code maxNode}: a pod no node may ever hold is refused, not left pending.
     */
    static String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        String fields = RequestFieldRules.problem(r); // the client's rules too: what it accepts, the job accepts
        return fields != null ? fields : handler(r).problem(r, s, maxNode);
    }

    /** The desired state after a valid request: the app is persisted with it before anything is placed. */
    static AppState apply(PlacementRequest r, AppState s) {
        return handler(r).apply(r, s);
    }

    /** The handler of the request's type. */
    static RequestHandler handler(PlacementRequest r) {
        return switch (r.getType()) {
            case PUBLISH -> PUBLISH;
            case SCALE -> SCALE;
            case UPGRADE -> UPGRADE;
            case DESTROY -> DESTROY;
            case RESERVE -> RESERVE;
        };
    }
}
