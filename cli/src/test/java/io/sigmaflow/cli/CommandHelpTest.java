package io.sigmaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.hosts.LocalHostsCommand;
import io.sigmaflow.cli.local.LocalStack;
import io.sigmaflow.cli.rebalance.RebalanceBench;
import io.sigmaflow.cli.support.testing.CommandRun;
import org.junit.jupiter.api.Test;

/** The commands of this module not covered by their own tests: help (exit 0), usage errors (exit 2). */
class CommandHelpTest {
    @Test
    void up() {
        CommandRun.assertHelp(new LocalStack(), "up", "--port=N", "--dashboard-port=N", "--no-demo", "--no-hosts");
        CommandRun.assertUnknownOptionRefused(new LocalStack(), "up");
        CommandRun badPort = CommandRun.of(new LocalStack(), "--port", "99999");
        assertEquals(2, badPort.code());
        assertTrue(badPort.err().contains("up: --port: 99999 must be between 1 and 65535"), badPort.err());
        CommandRun badDashboard = CommandRun.of(new LocalStack(), "--dashboard-port", "0");
        assertEquals(2, badDashboard.code());
        assertTrue(badDashboard.err().contains("up: --dashboard-port: 0 must be between 1 and 65535"), badDashboard.err());
    }

    @Test
    void hosts() {
        CommandRun.assertHelp(new LocalHostsCommand(), "hosts", "--count=N", "--bootstrap=HOST:PORT", "--cgroups=MODE",
                "--set=KEY=VALUE");
        CommandRun.assertUnknownOptionRefused(new LocalHostsCommand(), "hosts");
        CommandRun missing = CommandRun.of(new LocalHostsCommand(), "--count", "0");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("hosts: --count 0: must be between 1 and 1000")
                && missing.err().contains("hosts: --bootstrap: required"), missing.err());
        CommandRun cgroups = CommandRun.of(new LocalHostsCommand(), "--cgroups", "docker");
        assertEquals(2, cgroups.code());
        assertTrue(cgroups.err().contains("Invalid value for option '--cgroups'"), cgroups.err());
    }

    @Test
    void hostsSigningKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path master = dir.resolve("master");
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        java.nio.file.Files.writeString(master, io.sigmaflow.connectors.security.HostSignatures.keyText(key));
        CommandRun ok = CommandRun.of(new LocalHostsCommand(), "signing-key", "--node", "node-1", "--master-file", master.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(io.sigmaflow.connectors.security.HostSignatures.keyText(
                io.sigmaflow.connectors.security.HostSignatures.nodeKey(key, "node-1")), ok.out().trim());
        CommandRun missing = CommandRun.of(new LocalHostsCommand(), "signing-key", "--node", "../etc");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--node '../etc'") && missing.err().contains("--master-file: required"), missing.err());
        java.nio.file.Files.writeString(master, "short");
        CommandRun bad = CommandRun.of(new LocalHostsCommand(), "signing-key", "--node", "node-1", "--master-file", master.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--master-file " + master + ": not a key"), bad.err());
    }

    @Test
    void rebalanceBench() {
        CommandRun.assertHelp(new RebalanceBench(), "rebalance-bench", "--nodes=N", "--fill=F", "--seconds=S");
        CommandRun.assertUnknownOptionRefused(new RebalanceBench(), "rebalance-bench");
        CommandRun bad = CommandRun.of(new RebalanceBench(), "--fill", "1.5", "--max-moves", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("rebalance-bench: --fill: 1.5 must be above 0 and at most 1")
                && bad.err().contains("rebalance-bench: --max-moves: 0 must be at least 1"), bad.err());
    }
}
