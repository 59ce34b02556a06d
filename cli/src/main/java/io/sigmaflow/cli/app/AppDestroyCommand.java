package io.sigmaflow.cli.app;

import io.sigmaflow.client.Requests;
import io.sigmaflow.schema.PlacementRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./sigma app destroy APP}. */
@Command(name = "destroy",
        description = {"Remove an app, its pods and its reservation, and wait until they are gone (COMPLETED).",
            AppRequestCommand.EXIT_CODES},
        footer = "  ./sigma app destroy web")
final class AppDestroyCommand extends AppRequestCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "the app")
    String app;

    @Override
    PlacementRequest request() {
        return Requests.destroy(app, "sigma-cli");
    }
}
