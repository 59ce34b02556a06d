package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;
import java.util.regex.Pattern;

/**
 * The request router: the checks every request shares (ids), then the handler of its type
 * ({@link PublishHandler}, {@link ScaleHandler}, {@link UpgradeHandler}, {@link DestroyHandler},
 * {@link ReserveHandler}) says what it may ask and how it changes the desired state. Problems are
 * reported field by field in words a release engineer can act on.
 */
final class RequestRules {
    /** Pod ids are {@code <appId>-<n>}; executors accept ids of these characters only (node-executor). */
    static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_REPLICAS = RequestChecks.MAX_REPLICAS;
    static final int MAX_REQUEST_ID = 200;

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
        return handler(r).problem(r, s, maxNode);
    }

    /** At most 100 characters of an id for a message (a longer one is refused for its length). */
    private static String quote(String id) {
        return id == null || id.length() <= 100 ? id : id.substring(0, 100) + "... (" + id.length() + " characters)";
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
