package io.sigmaflow.cli.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: bad options and bad input end with exit code 2 before anything starts. */
class WhatIfCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WhatIfCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badInputNamesFileLineAndFieldAndRunsNothing() throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.jsonl"), "{\"nodeId\":\"n1\",\"type\":\"REGISTER\",\"labels\":{\"disk\":1}}\n");
        Path requests = Files.writeString(dir.resolve("requests.jsonl"), "");
        Run r = run("--nodes", nodes.toString(), "--requests", requests.toString());
        assertEquals(WhatIfCommand.USAGE_ERROR, r.code());
        assertTrue(r.err().contains(nodes + ":1: labels.disk: expected a string, got number 1"), r.err());
        assertTrue(r.err().contains("nothing was run"), r.err());
        assertEquals("", r.out(), "no broker, no job: nothing printed on stdout");
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() throws Exception {
        assertEquals(WhatIfCommand.USAGE_ERROR, run("--nodes", dir.resolve("missing.jsonl").toString()).code());
        Path f = Files.writeString(dir.resolve("f.jsonl"), "");
        Run alone = run("--nodes", f.toString());
        assertTrue(alone.err().contains("--nodes and --requests go together"), alone.err());
        assertTrue(run("--parallelism", "0").err().contains("--parallelism: expected a whole number"));
        assertTrue(run("--timeout", "soon").err().contains("Invalid value for option '--timeout': 'soon' is not a duration"));
        assertTrue(run("--settle", "0s").err().contains("--settle: must be above 0"));
        assertTrue(run("--frobnicate", "1").err().contains("Unknown options: '--frobnicate', '1'"));
        assertTrue(run("--set", "novalue").err().contains("option '--set' (KEY=VALUE) should be in KEY=VALUE format but was novalue"));
        assertTrue(run("--demo", "--nodes", f.toString(), "--requests", f.toString()).err()
                .contains("--demo runs the demo input"));
    }

    @Test
    void durationsTakeTheSharedSyntaxAndABareNumberIsRefused() throws Exception {
        Run bare = run("--timeout", "90");
        assertEquals(WhatIfCommand.USAGE_ERROR, bare.code());
        assertTrue(bare.err().contains("whatif: Invalid value for option '--timeout': '90' is not a duration"), bare.err());
        WhatIfCommand command = new WhatIfCommand();
        new CommandLine(command).parseArgs("--settle", "500ms", "--timeout", "PT90S");
        WhatIfCommand.Options options = command.options();
        assertEquals(Duration.ofMillis(500), options.settle());
        assertEquals(Duration.ofSeconds(90), options.timeout());
    }

    @Test
    void helpExitsZeroWithAnExample() {
        CommandRun.assertHelp(new WhatIfCommand(), "whatif", "--nodes=NODES.jsonl", "--timeout=DURATION", "--settle=DURATION");
        CommandRun.assertUnknownOptionRefused(new WhatIfCommand(), "whatif");
    }
}
