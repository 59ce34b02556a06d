package io.sigmaflow.cli.app;

import io.sigmaflow.client.Requests;
import io.sigmaflow.schema.PlacementRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sigma app scale APP --replicas N}. */
@Command(name = "scale",
        description = {"Set a published app's replicas and wait until they are placed (or removed).",
            AppRequestCommand.EXIT_CODES},
        footer = "  ./sigma app scale web --replicas 20")
final class AppScaleCommand extends AppRequestCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "the app")
    String app;

    @Option(names = "--replicas", paramLabel = "N", required = true, description = "pods the app should have (0 to 100000)")
    int replicas;

    @Override
    PlacementRequest request() {
        return Requests.scale(app, replicas, "sigma-cli");
    }
}
