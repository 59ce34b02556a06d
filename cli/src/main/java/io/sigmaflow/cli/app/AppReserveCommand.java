package io.sigmaflow.cli.app;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.client.AppSpec;
import io.sigmaflow.client.Requests;
import io.sigmaflow.client.spec.Quantities;
import io.sigmaflow.schema.PlacementRequest;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sigma app reserve APP --slots N (-f app.yaml | --cpu Q --memory Q)}: holds room for N pods
 * ahead of a release; the app's next pods land in the slots.
 */
@Command(name = "reserve",
        description = {"Hold room for N pods of an app ahead of its release (placed and spread like pods, run by",
            "no host; the app's next pods take them). --slots 0 cancels. " + AppRequestCommand.EXIT_CODES},
        footer = {"  ./sigma app reserve promo --slots 3 --cpu 1 --memory 2Gi", "  ./sigma app reserve web --slots 4 -f web.yaml"})
final class AppReserveCommand extends AppRequestCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "the app (it need not be published yet)")
    String app;

    @Option(names = "--slots", paramLabel = "N", required = true, description = "slots to hold (0 cancels the reservation)")
    int slots;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "take the slot size and constraints from this app spec")
    Path file;

    @Option(names = "--cpu", paramLabel = "QUANTITY", description = "each slot's cpu, e.g. 500m or 2 (without -f)")
    String cpu;

    @Option(names = "--memory", paramLabel = "QUANTITY", description = "each slot's memory, e.g. 512Mi or 2Gi (without -f)")
    String memory;

    @Override
    PlacementRequest request() {
        Problems problems = new Problems();
        if (file != null && (cpu != null || memory != null)) {
            problems.add("-f: give the slot size by a spec or by --cpu/--memory, not both");
        }
        AppSpec template = null;
        if (file != null) {
            template = readSpec(file);
        } else if (slots > 0) {
            long cpuMillis = quantity(problems, "--cpu", cpu, true);
            long memoryMb = quantity(problems, "--memory", memory, false);
            template = AppSpec.builder(app).cpuMillis(cpuMillis).memoryMb(memoryMb).command("/usr/bin/sleep", "infinity").build();
        }
        problems.throwIfAny(spec);
        return Requests.reserve(app, slots, template == null ? null : template.template(), "sigma-cli");
    }

    private static long quantity(Problems problems, String option, String value, boolean cpu) {
        if (value == null) {
            problems.add(option + ": required with --slots above 0 and no -f");
            return 0;
        }
        try {
            return cpu ? Quantities.cpuMillis(value) : Quantities.mebibytes(value);
        } catch (Quantities.BadQuantity e) {
            problems.add(option + ": " + e.getMessage());
            return 0;
        }
    }
}
