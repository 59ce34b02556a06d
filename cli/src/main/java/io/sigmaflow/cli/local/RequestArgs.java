package io.sigmaflow.cli.local;

import io.sigmaflow.schema.PlacementRequest;
import java.time.Duration;

/**
 * What {@code ./sigma request} sends and where: one {@link PlacementRequest} built from the
 * options of {@link RequestCommand}, every problem named by its option. What the job then thinks
 * of the request (an unknown app, a second PUBLISH) is its business: the command prints the job's
 * outcome.
 */
record RequestArgs(PlacementRequest request, String bootstrap, String prefix, Duration waitFor) {}
