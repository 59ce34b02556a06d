package io.sigmaflow.cli.app;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.client.Requests;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.UpgradePolicy;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sigma app upgrade -f app.yaml}: rolls a published app to the spec's template and replicas. */
@Command(name = "upgrade",
        description = {"Roll a published app to a new spec (template and replicas), a few pods at a time,",
            "and wait until every pod runs the new revision.", AppRequestCommand.EXIT_CODES},
        footer = "  ./sigma app upgrade -f web.yaml --max-surge 2 --max-unavailable 1")
final class AppUpgradeCommand extends AppRequestCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "the new app spec, YAML or JSON")
    Path file;

    @Option(names = "--max-surge", paramLabel = "N", description = "pods above the replicas during the roll (default: the spec's upgrade.maxSurge)")
    Integer maxSurge;

    @Option(names = "--max-unavailable", paramLabel = "N", description = "pods down at once (default: the spec's upgrade.maxUnavailable)")
    Integer maxUnavailable;

    @Override
    PlacementRequest request() {
        Problems problems = new Problems();
        if (maxSurge != null && maxSurge < 0) {
            problems.add("--max-surge: must be >= 0, got " + maxSurge);
        }
        if (maxUnavailable != null && maxUnavailable < 0) {
            problems.add("--max-unavailable: must be >= 0, got " + maxUnavailable);
        }
        problems.throwIfAny(spec);
        var app = readSpec(file);
        UpgradePolicy policy = null;
        if (maxSurge != null || maxUnavailable != null) {
            UpgradePolicy base = app.upgrade() != null ? app.upgrade() : new UpgradePolicy(1, 1);
            policy = new UpgradePolicy(maxUnavailable != null ? maxUnavailable : base.getMaxUnavailable(),
                    maxSurge != null ? maxSurge : base.getMaxSurge());
        }
        return Requests.upgrade(app, policy, "sigma-cli");
    }
}
