package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.cluster.ClusterFiles;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of {@code bench placement --cluster} that need no running cluster: the refusal when
 * none runs, the run's names, and the cpu accounting of other processes. The run itself on real
 * processes: {@link ClusterBenchIT}.
 */
class ClusterBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAClusterTheRunFailsWithTheCommandThatStartsOne(@TempDir Path dir) {
        assertEquals(BenchCommand.FAILED, run("placement", "--nodes", "10", "--pods", "10", "--cluster", "--dir", dir.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("bench placement: no cluster in " + dir + ": start one with ./sigma cluster up --dir " + dir), e);
        assertFalse(e.contains("Exception"), e);
    }

    @Test
    void aClusterWhoseProcessesAreGoneIsNotRunning(@TempDir Path dir) {
        Properties state = new Properties();
        state.setProperty("kafka.bootstrap", "127.0.0.1:1");
        state.setProperty("kafka.brokers", "1");
        state.setProperty("kafka.broker.1.pid", "-1");
        state.setProperty("flink.rest", "http://127.0.0.1:1");
        state.setProperty("flink.jobmanager.pid", "-1");
        state.setProperty("job.id", "00000000000000000000000000000000");
        new ClusterFiles(ClusterFiles.findRepo(), dir).saveState(state);
        assertEquals(BenchCommand.FAILED, run("placement", "--nodes", "10", "--pods", "10", "--cluster", "--dir", dir.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("the cluster in " + dir + " is not running") && e.contains("./sigma cluster up --dir " + dir), e);
    }

    @Test
    void everyNameOfARunCarriesItsPrefixAndComesBackPlain() {
        RunIds ids = RunIds.fresh();
        assertTrue(ids.prefix().matches("b[0-9a-z]+-"), ids.prefix());
        assertNotEquals(ids.prefix(), new RunIds("b0-").prefix());
        Node node = SyntheticCluster.generate(1, 2, 2, 1).get(0);
        NodeEvent register = BenchRecords.register(node, ids);
        assertEquals(ids.prefix() + node.id(), register.getNodeId());
        assertTrue(register.getTopology().getCoreSwitch().startsWith(ids.prefix()), register.getTopology().toString());
        assertTrue(register.getTopology().getChassis().startsWith(ids.prefix()));
        assertTrue(register.getTopology().getHost().startsWith(ids.prefix()));
        assertEquals(node.id(), ids.plain(register.getNodeId()));
        assertTrue(ids.owns(register.getNodeId()));
        assertFalse(ids.owns(node.id()), "an unprefixed (other) node is not this run's");
        assertEquals(node.id(), BenchRecords.register(node).getNodeId(), "the embedded run keeps plain names");

        NodeEvent remove = BenchRecords.remove(register.getNodeId());
        assertEquals(NodeEventType.REMOVE, remove.getType());
        PlacementRequest destroy = BenchRecords.destroy(ids.id("app-00001"));
        assertEquals(RequestType.DESTROY, destroy.getType());
        assertEquals(BenchRecords.destroyRequestId(ids.id("app-00001")), destroy.getRequestId());
    }

    @Test
    void cpuOfAnotherProcessIsReadAndStaysCountedOnceItIsGone() throws Exception {
        // Burns cpu, then waits for its stdin to close.
        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; read x")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        DeploymentCpu cpu = new DeploymentCpu(Map.of("worker", List.of(busy.pid())));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline && (seen = cpu.byRole().get("worker")) < 10_000_000) {
            cpu.sample();
            Thread.sleep(50);
        }
        assertTrue(seen >= 10_000_000, "at least 10 ms of the worker's cpu read: " + seen);
        assertTrue(cpu.byRole().get(DeploymentCpu.BENCH) > 0, "this process's own cpu");
        try (OutputStream stdin = busy.getOutputStream()) {
            stdin.write('\n');
        }
        busy.waitFor();
        cpu.sample();
        long after = cpu.byRole().get("worker");
        assertTrue(after >= seen, "a process gone keeps what it used: " + after + " < " + seen);
        assertTrue(cpu.secondsByRole(Map.of()).get("worker") >= 0.01);
    }
}
