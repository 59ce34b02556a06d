package io.sigmaflow.cli.support.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.SigmaCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A command run through {@link SigmaCli} with its exit code and what it printed: for the
 * "--help exits 0, an unknown option exits 2 naming it" test every command has.
 */
public record CommandRun(int code, String out, String err) {

    /** Runs {@code command} on {@code args} with captured streams (picocli's help and errors go there). */
    public static CommandRun of(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SigmaCli.execute(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code --help} exits 0 and prints {@code ./sigma <name>}'s usage, every option given, and an example. */
    public static void assertHelp(Object command, String name, String... options) {
        CommandRun r = of(command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Usage: ./sigma " + name), r.out());
        assertTrue(r.out().contains("Example:%n  ./sigma ".formatted()), r.out());
        for (String option : options) {
            assertTrue(r.out().contains(option), option + " not in " + r.out());
        }
    }

    /**
     * An unknown option exits 2 naming it, with the usage. {@code required}: the command's required
     * options and values, which picocli checks before it reports an unknown one.
     */
    public static void assertUnknownOptionRefused(Object command, String name, String... required) {
        String[] args = java.util.Arrays.copyOf(required, required.length + 1);
        args[required.length] = "--frobnicate";
        CommandRun r = of(command, args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(name + ": Unknown option: '--frobnicate'"), r.err());
        assertTrue(r.err().contains("Usage: ./sigma " + name), r.err());
        assertEquals("", r.out());
    }
}
