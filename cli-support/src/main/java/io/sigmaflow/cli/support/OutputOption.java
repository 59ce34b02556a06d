package io.sigmaflow.cli.support;

import picocli.CommandLine.Option;

/** {@code --output table|json|yaml} (short {@code -o}), mixed into every command that prints a result. */
public final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "table (default), json or yaml: the same fields in every format")
    private OutputFormat format = OutputFormat.TABLE;

    public OutputFormat format() {
        return format;
    }
}
