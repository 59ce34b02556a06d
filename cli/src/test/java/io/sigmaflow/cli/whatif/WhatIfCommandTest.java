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
    void formatsAndGenerateAreCheckedBeforeAnythingRuns() throws Exception {
        Path f = Files.writeString(dir.resolve("f.csv"), "");
        Run format = run("--nodes", f.toString(), "--nodes-format", "csv", "--requests", f.toString());
        assertEquals(WhatIfCommand.USAGE_ERROR, format.code());
        assertTrue(format.err().contains("expected jsonl, alibaba-v2018 or alibaba-gpu-v2023, got 'csv'"), format.err());
        assertTrue(run("--requests-format", "alibaba-v2018").err().contains("expected jsonl or alibaba-gpu-v2023, got"));
        assertTrue(run("--generate", "nodes=10").err().contains("--generate: nodes=N (1..1,000,000) and pods=M"));
        assertTrue(run("--generate", "nodes=x,pods=1").err().contains("--generate: nodes: expected a whole number, got 'x'"));
        assertTrue(run("--generate", "nodes=1,pods=1", "--demo").err().contains("--generate makes the input"));
        WhatIfInput generated = WhatIfCommand.generated("nodes=20,pods=300");
        assertEquals(20, generated.nodes().size());
        assertEquals(300, generated.requests().stream().mapToInt(r -> r.getReplicas()).sum(), "the bench's 300 pods");
    }

    @Test
    void anUnreadableTraceExitsTwoNamingTheFile() throws Exception {
        Path nodes = Files.writeString(dir.resolve("machines.csv"), "not,a,machine\n");
        Path requests = Files.writeString(dir.resolve("r.jsonl"), "");
        Run r = run("--nodes", nodes.toString(), "--nodes-format", "alibaba-v2018", "--requests", requests.toString());
        assertEquals(WhatIfCommand.USAGE_ERROR, r.code());
        assertTrue(r.err().contains(nodes + ":0: -: no usable machines (every row was refused)"), r.err());
        assertTrue(r.err().contains(nodes + ":1: (row): expected 7 fields, got 3"), r.err());
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
