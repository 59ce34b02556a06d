package io.sigmaflow.connectors.admin;

import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.schemas.SchemaHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma schemas snapshot [--dir DIR]}: releases the current Avro schemas as new history
 * versions ({@link SchemaHistory#snapshot}). Here rather than in {@code schemas}, which every
 * process loads and which stays free of the command-line framework.
 */
@Command(name = "schemas", description = "The released Avro schema history (schemas/README.md).",
        subcommands = SchemasCommand.Snapshot.class, footer = "  ./sigma schemas snapshot")
public final class SchemasCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        SigmaCli.main(new SchemasCommand(), args);
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (snapshot)");
    }

    @Command(name = "snapshot",
            description = "Write the current schema of every wire record whose latest released version differs, as the next version.",
            footer = "  ./sigma schemas snapshot")
    static final class Snapshot implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--dir", paramLabel = "DIR", description = "the history directory (default: ${DEFAULT-VALUE})")
        private Path dir = Path.of("schemas/src/main/resources/schema-history");

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<Path> written = SchemaHistory.snapshot(dir);
            if (written.isEmpty()) {
                out.println("every schema is already released in " + dir);
            }
            written.forEach(p -> out.println("released " + p));
            return 0;
        }
    }
}
