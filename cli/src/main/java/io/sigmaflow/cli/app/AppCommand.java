package io.sigmaflow.cli.app;

import io.sigmaflow.cli.support.SigmaCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma app ...}: what a release engineer does every day, on {@code SigmaClient} (module
 * {@code client}) and app spec files. Each subcommand prints its result as a table, JSON or YAML
 * ({@code -o}) and exits 0 done, 3 pending, 1 rejected or failed, 2 for a bad command line or spec.
 */
@Command(name = "app",
        description = {"Publish, scale, upgrade, destroy and reserve apps from spec files; see where their pods are.",
            "Exit codes: 0 done, 3 accepted but pods pending, 1 rejected or failed, 2 bad command line or spec."},
        subcommands = {AppPublishCommand.class, AppScaleCommand.class, AppUpgradeCommand.class, AppDestroyCommand.class,
            AppReserveCommand.class, AppStatusCommand.class, AppListCommand.class},
        footer = {"  ./sigma app publish -f web.yaml && ./sigma app status web",
            "  ./sigma app <command> --help   (each command's options and an example)"})
public final class AppCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        SigmaCli.main(new AppCommand(), args);
    }

    @Override
    public Integer call() {
        // ./sigma app alone: the subcommands, as a usage error (nothing was done)
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a command is required: publish, scale, upgrade, destroy, reserve, status or list");
    }
}
