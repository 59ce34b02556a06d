package io.sigmaflow.cli.support;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a {@code ./sigma} command written with picocli, the same way for every command:
 * {@code -h}/{@code --help} prints its usage and exits 0, {@code -V}/{@code --version} prints the
 * version; a usage error prints {@code <command>: <problem>} (one line per problem, each naming the
 * option), the synopsis and a pointer to {@code --help} on stderr and exits {@link #USAGE_ERROR}.
 * An exception the command does not handle is reported in one line and exits {@link #FAILED}.
 * Every other exit code is the command's own: its {@code call()} returns it.
 */
public final class SigmaCli {
    /** Something failed while running (the command's own meaning may be narrower). */
    public static final int FAILED = 1;
    /** Bad command line: nothing was run. */
    public static final int USAGE_ERROR = 2;

    /** The one duration syntax, for option descriptions (see {@link DurationConverter}). */
    public static final String DURATIONS = "durations: 500ms, 30s, 10m, 1h, 2d, or ISO-8601 such as PT30S";

    private static final String SYNOPSIS_HEADING = "Usage: ./sigma ";

    private SigmaCli() {}

    /** Runs {@code command} on {@code args} with the process's streams and exits with its code. */
    public static void main(Object command, String[] args) {
        System.exit(execute(command, System.out, System.err, args));
    }

    /** Runs {@code command} on {@code args}; returns the exit code instead of exiting (tests). */
    public static int execute(Object command, PrintStream out, PrintStream err, String... args) {
        return commandLine(command, out, err).execute(args);
    }

    /** The configured picocli command line, for a command that needs to parse without running. */
    public static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(command);
        configure(cl);
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler(SigmaCli::usageError);
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            // Exit even so: Flink's and Kafka's threads would keep the JVM up after main threw.
            c.getErr().println(c.getCommandSpec().qualifiedName(" ") + ": failed: " + e);
            return FAILED;
        });
        return cl;
    }

    /** Standard help and version options, enum values in any case, the heading: here and in subcommands. */
    private static void configure(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.mixinStandardHelpOptions(true);
        spec.versionProvider(new SigmaVersion());
        if (spec.usageMessage().synopsisHeading().equals("Usage: ")) {
            // picocli's default: a ./sigma command (a class run by hand names itself in its own heading)
            spec.usageMessage().synopsisHeading(SYNOPSIS_HEADING);
        }
        spec.usageMessage().width(120).autoWidth(false);
        spec.usageMessage().footerHeading("%nExample:%n");
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        addKafkaConfigOption(spec);
        cl.getSubcommands().values().forEach(SigmaCli::configure);
    }

    /** The Kafka client properties option, and the system property it sets (read by the connectors' KafkaClientConfig). */
    public static final String KAFKA_CONFIG_OPTION = "--kafka-config";
    public static final String KAFKA_CONFIG_PROPERTY = "sigmaflow.kafka.config-file";

    /**
     * Every command that talks to Kafka ({@code --bootstrap}) also takes {@code --kafka-config FILE}:
     * declared here once rather than in each command. The file is named in a system property that
     * every client the process opens reads; its values never appear on the command line.
     */
    private static void addKafkaConfigOption(CommandSpec spec) {
        if (spec.findOption("--bootstrap") == null || spec.findOption(KAFKA_CONFIG_OPTION) != null) {
            return;
        }
        spec.addOption(OptionSpec.builder(KAFKA_CONFIG_OPTION)
                .paramLabel("FILE")
                .type(Path.class)
                .converters(value -> {
                    Path file = Path.of(value);
                    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                        throw new TypeConversionException("'" + value + "' is not a readable file");
                    }
                    return file;
                })
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (value == null) {
                            return null;
                        }
                        System.setProperty(KAFKA_CONFIG_PROPERTY, value.toString());
                        return null;
                    }
                })
                .description("Kafka client properties (TLS, SASL, config providers) in Kafka's client.properties format;"
                        + " default: the file $SIGMAFLOW_KAFKA_CONFIG names, else plaintext")
                .build());
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName(" ");
        e.getMessage().lines().forEach(line -> err.println(name + ": " + line));
        UnmatchedArgumentException.printSuggestions(e, err);
        String heading = cl.getCommandSpec().usageMessage().synopsisHeading();
        err.print(heading + cl.getHelp().synopsis(heading.length()));
        err.println("Try './sigma " + name + " --help' for every option and an example.");
        err.flush();
        return USAGE_ERROR;
    }
}
