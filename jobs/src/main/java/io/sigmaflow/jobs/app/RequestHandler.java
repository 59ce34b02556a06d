package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;

/**
 * One request type: what it may ask given the app's state, and how it changes the app's desired
 * state. {@link RequestRules} picks the handler by type after the checks every request shares.
 */
interface RequestHandler {
    /** The problem with {@code r} for an app in state {@code s} (null: never seen), or null when valid. */
    String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode);

    /** The desired state after the valid request {@code r} (persisted before anything is placed). */
    AppState apply(PlacementRequest r, AppState s);
}
