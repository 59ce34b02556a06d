package io.sigmaflow.cli.app;

import io.sigmaflow.client.Requests;
import io.sigmaflow.schema.PlacementRequest;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sigma app publish -f app.yaml}: creates the app the spec describes. */
@Command(name = "publish",
        description = {"Create an app from a spec file (YAML or JSON) and wait until its pods are placed.",
            AppRequestCommand.EXIT_CODES},
        footer = {"  ./sigma app publish -f web.yaml", "",
            "web.yaml:",
            "  app: web",
            "  replicas: 12",
            "  resources: {cpu: 500m, memory: 2Gi}",
            "  qos: LS                                  # LS (default), BE or LSR",
            "  nodeSelector: {disk: ssd}",
            "  tolerations: [{key: dedicated, value: web, effect: NoSchedule}]",
            "  dispersion: [coreSwitch, chassis, host]  # default: the cluster's levels",
            "  upgrade: {maxSurge: 2, maxUnavailable: 1}",
            "  payload: {executable: /usr/bin/sleep, args: [infinity]}"})
final class AppPublishCommand extends AppRequestCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "the app spec, YAML or JSON")
    Path file;

    @Override
    PlacementRequest request() {
        return Requests.publish(readSpec(file), "sigma-cli");
    }
}
