package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code ./sigma bench placement}'s options: picocli's parse, then {@link BenchPlacementCommand#options}'s checks. */
class BenchOptionsTest {
    private static BenchOptions parse(List<String> args) {
        BenchPlacementCommand command = new BenchPlacementCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.options();
    }

    @Test
    void parsesEveryOption() throws Exception {
        BenchOptions o = parse(List.of("--nodes", "10_000", "--pods", "200000", "--core-only",
                "--out", "/tmp/x", "--seed", "-3", "--hosts-per-chassis", "20", "--chassis-per-switch", "10",
                "--max-candidates", "0"));
        assertEquals(new BenchOptions(10_000, 200_000, true, Path.of("/tmp/x"), -3, 0, 0, 20, 10, 0), o);
        BenchOptions e2e = parse(List.of("--nodes", "5", "--pods", "5", "--parallelism", "2", "--rate", "100",
                "--checkpoint-interval", "200ms", "--order", "arrival", "--flink", "execution.checkpointing.min-pause=0ms",
                "--flink", "state.backend.type=rocksdb"));
        assertEquals(2, e2e.parallelism());
        assertEquals(100, e2e.rate());
        assertEquals(200, e2e.checkpointIntervalMs());
        assertEquals("arrival", e2e.order());
        assertEquals(java.util.Map.of("execution.checkpointing.min-pause", "0ms", "state.backend.type", "rocksdb"), e2e.flink());
        assertEquals(1, e2e.seed());
        assertEquals(-1, e2e.maxCandidates());
        assertEquals(false, e2e.cluster());
        assertEquals(BenchOptions.THROUGHPUT, e2e.profile());
        assertEquals(BenchOptions.LATENCY, parse(List.of("--nodes", "5", "--pods", "5", "--profile", "latency")).profile());
        BenchOptions fleet = parse(List.of("--nodes", "5", "--pods", "5", "--fleet-hosts", "1_000", "--host-readers",
                "--flink", "state.backend.type=rocksdb"));
        assertTrue(fleet.hostReaders());
        assertEquals(java.util.Map.of("sigmaflow.kafka.fleet-hosts", "1000", "state.backend.type", "rocksdb"), fleet.flink());
        assertEquals(false, e2e.hostReaders());

        BenchOptions cluster = parse(List.of("--nodes", "5", "--pods", "5", "--cluster", "--dir", "/tmp/c",
                "--kill-taskmanager-at", "0.5", "--parallelism", "1", "--rate", "50"));
        assertTrue(cluster.cluster());
        assertEquals(Path.of("/tmp/c"), cluster.clusterDir());
        assertEquals(0.5, cluster.killTaskManagerAt());
        assertEquals(1, cluster.parallelism());
        assertEquals(50, cluster.rate());
        BenchOptions noKill = parse(List.of("--nodes", "5", "--pods", "5", "--cluster"));
        assertEquals(0, noKill.killTaskManagerAt());
        assertEquals(null, noKill.clusterDir());
    }

    record Bad(List<String> args, String message) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    static Stream<Bad> bad() {
        return Stream.of(
                new Bad(List.of("--pods", "5"), "--nodes is required"),
                new Bad(List.of("--nodes", "5"), "--pods is required"),
                new Bad(List.of("--nodes", "five", "--pods", "5"), "Invalid value for option '--nodes': must be a non-negative integer, got 'five'"),
                new Bad(List.of("--nodes", "0", "--pods", "5"), "--nodes must be a positive integer, got '0'"),
                new Bad(List.of("--nodes", "5", "--pods"), "Missing required parameter for option '--pods' (M)"),
                new Bad(List.of("--nodes", "--pods", "5"), "Expected parameter for option '--nodes' but found '--pods'"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--colour", "red"), "Unknown options: '--colour', 'red'"),
                new Bad(List.of("--nodes", "5", "--nodes", "6", "--pods", "5"), "option '--nodes' (N) should be specified only once"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "extra"), "Unmatched argument at index 4: 'extra'"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--seed", "1.5"), "Invalid value for option '--seed': '1.5' is not a long"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--core-only", "--rate", "10"),
                        "--rate applies to the end-to-end mode only, not with --core-only"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--core-only", "--parallelism", "2"),
                        "--parallelism applies to the end-to-end mode only, not with --core-only"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--core-only", "--checkpoint-interval", "100ms"),
                        "--checkpoint-interval, --order and --flink apply to the end-to-end mode only, not with --core-only"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--cluster", "--core-only"),
                        "--cluster runs end to end: not with --core-only"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--cluster", "--flink", "a=b"),
                        "--checkpoint-interval, --order, --flink and --max-candidates set the embedded job: with --cluster"
                                + " the job runs with the cluster's settings (./sigma cluster up --flink KEY=VALUE, ./sigma job submit --set)"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--dir", "/tmp/c"), "--dir applies to --cluster only"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--core-only", "--host-readers"),
                        "--fleet-hosts and --host-readers apply to the embedded end-to-end run only, not with --core-only"
                                + " or --cluster (the cluster's topics: ./sigma cluster up --fleet-hosts N)"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--profile", "fast"), "--profile must be throughput or latency, got 'fast'"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--core-only", "--profile", "latency"),
                        "--profile sets the embedded job's Flink settings: not with --core-only or --cluster"
                                + " (the cluster's settings: ./sigma cluster up --flink KEY=VALUE)"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--kill-taskmanager-at", "0.5"),
                        "--kill-taskmanager-at applies to --cluster only (the embedded run has no TaskManager process)"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--cluster", "--kill-taskmanager-at", "1"),
                        "--kill-taskmanager-at must be between 0 and 1 (exclusive), the share of pods placed before the kill,"
                                + " got '1.0'"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--cluster", "--kill-taskmanager-at", "half"),
                        "Invalid value for option '--kill-taskmanager-at': 'half' is not a double"),
                new Bad(List.of("--nodes", "5", "--pods", "5", "--flink", "novalue"), "Value for option option '--flink' (KEY=VALUE) should be in KEY=VALUE format but was novalue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void rejectsBadArgumentsNamingTheOption(Bad c) {
        var e = assertThrows(ParameterException.class, () -> parse(c.args()));
        assertEquals(c.message(), e.getMessage().lines().findFirst().orElseThrow(), e.getMessage());
    }

    @Test
    void helpAndUnknownOptionsOfBothSubcommands() {
        CommandRun.assertHelp(new BenchCommand(), "bench", "placement", "recount");
        CommandRun.assertUnknownOptionRefused(new BenchCommand(), "bench");
        CommandRun placement = CommandRun.of(new BenchCommand(), "placement", "--help");
        assertEquals(0, placement.code());
        assertTrue(placement.out().contains("Usage: ./sigma bench placement") && placement.out().contains("--core-only")
                && placement.out().contains("Example:"), placement.out());
        CommandRun unknown = CommandRun.of(new BenchCommand(), "placement", "--nodes", "1", "--pods", "1", "--colour");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("bench placement: Unknown option: '--colour'"), unknown.err());
    }
}
