package io.sigmaflow.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

class SigmaCliTest {
    @Command(name = "probe", description = "A command to test the runner.", footer = "  ./sigma probe --every 10m")
    static final class Probe implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaTarget kafka;
        @Option(names = "--every", converter = DurationConverter.class)
        Duration every = Duration.ofMinutes(1);
        @Option(names = "--count")
        int count = 1;

        @Override
        public Integer call() {
            Problems p = new Problems();
            if (count < 1) {
                p.add("--count: " + count + " must be at least 1");
            }
            if (every.isZero()) {
                p.add("--every: must be above 0");
            }
            p.throwIfAny(spec);
            spec.commandLine().getOut().println(kafka.bootstrap() + " " + every + " " + count);
            return 7;
        }
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SigmaCli.execute(new Probe(), new PrintStream(out, true), new PrintStream(err, true), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpExitsZeroWithUsageAndExample() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: ./sigma probe"), r.out());
        assertTrue(r.out().contains("--bootstrap=HOST:PORT"), r.out());
        assertTrue(r.out().contains("Example:"), r.out());
        assertEquals(0, run("-h").code());
    }

    @Test
    void versionExitsZero() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("SigmaFlow "), r.out());
    }

    @Test
    void theCommandsCodeIsTheExitCode() {
        Run r = run("--every", "PT30S", "--bootstrap", "k1:9092,k2:9093");
        assertEquals(7, r.code(), r.err());
        assertEquals("k1:9092,k2:9093 PT30S 1", r.out().trim());
    }

    @Test
    void usageErrorsNameTheOptionAndExitTwo() {
        Run unknown = run("--frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("probe: Unknown option: '--frobnicate'"), unknown.err());
        assertTrue(unknown.err().contains("Usage: ./sigma probe"), unknown.err());

        Run missing = run("--every");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("'--every'"), missing.err());

        Run badDuration = run("--every", "10");
        assertEquals(2, badDuration.code());
        assertTrue(badDuration.err().contains("--every") && badDuration.err().contains("'10' is not a duration"),
                badDuration.err());

        Run badBootstrap = run("--bootstrap", "localhost");
        assertEquals(2, badBootstrap.code());
        assertTrue(badBootstrap.err().contains("--bootstrap") && badBootstrap.err().contains("'localhost' is not HOST:PORT"),
                badBootstrap.err());
    }

    @Test
    void fieldProblemsAreReportedTogether() {
        Run r = run("--count", "0", "--every", "0s");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("probe: --count: 0 must be at least 1\nprobe: --every: must be above 0"), r.err());
    }

    @Test
    void everyCommandWithBootstrapTakesAKafkaConfigFileAndNamesItInASystemProperty() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("client", ".properties");
        String before = System.getProperty(SigmaCli.KAFKA_CONFIG_PROPERTY);
        try {
            assertTrue(run("--help").out().contains("--kafka-config=FILE"));
            Run r = run("--kafka-config", file.toString());
            assertEquals(7, r.code(), r.err());
            assertEquals(file.toString(), System.getProperty(SigmaCli.KAFKA_CONFIG_PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(SigmaCli.KAFKA_CONFIG_PROPERTY);
            } else {
                System.setProperty(SigmaCli.KAFKA_CONFIG_PROPERTY, before);
            }
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void aMissingKafkaConfigFileIsAUsageErrorNamingTheOption() {
        Run r = run("--kafka-config", "/nonexistent/client.properties");
        assertEquals(SigmaCli.USAGE_ERROR, r.code());
        assertTrue(r.err().contains("--kafka-config") && r.err().contains("is not a readable file"), r.err());
    }
}
