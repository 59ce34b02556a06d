package io.sigmaflow.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorConfigReaderTest {
    private static final Path SAMPLE = Path.of("dist/node-executor.properties");

    @TempDir
    Path dir;

    private static List<String> problems(String... args) {
        return assertThrows(ConfigException.class, () -> ExecutorConfigReader.fromArgs(args)).problems();
    }

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem mentions '" + text + "' in " + problems);
    }

    @Test
    void theShippedSampleConfigIsValid() throws Exception {
        ExecutorConfig c = ExecutorConfigReader.fromArgs(new String[] {
            "--node-id", "host-17", "--bootstrap", "kafka-1:9092,kafka-2:9092", "--config", SAMPLE.toString(),
            "--set", "state.dir=" + dir});
        assertEquals("host-17", c.nodeId());
        assertEquals(CgroupMode.KERNEL, c.cgroupMode());
        assertEquals("sigmaflow/host-17", c.cgroupParent());
        assertTrue(c.allowlist().contains(Path.of("/usr/bin/sleep")));
        assertEquals("sigma-node-executor-host-17", c.groupId());
        assertTrue(c.capacity().getCpuMillis() >= 1000, "detected from the host");
        assertEquals(0, c.metricsPort(), "no metrics endpoint unless asked for");
        assertEquals("127.0.0.1", c.metricsHost());
    }

    @Test
    void metricsPortIsAPortOrZero() throws Exception {
        String[] base = {"--node-id", "n1", "--bootstrap", "127.0.0.1:9092", "--config", SAMPLE.toString(),
            "--set", "state.dir=" + dir};
        ExecutorConfig c = ExecutorConfigReader.fromArgs(concat(base, "--set", "metrics.port=9464"));
        assertEquals(9464, c.metricsPort());
        assertHas(problems(concat(base, "--set", "metrics.port=70000")), "metrics.port");
        assertHas(problems(concat(base, "--set", "metrics.port=-1")), "metrics.port");
    }

    @Test
    void gpusAreDeclaredWithTheirModel() throws Exception {
        String[] base = {"--node-id", "n1", "--bootstrap", "127.0.0.1:9092", "--config", SAMPLE.toString(),
            "--set", "state.dir=" + dir};
        assertEquals(0, ExecutorConfigReader.fromArgs(base).gpuCount(), "no GPUs unless declared");
        ExecutorConfig c = ExecutorConfigReader.fromArgs(concat(base, "--set", "node.gpus.count=8",
                "--set", "node.gpus.model=V100M32", "--set", "node.gpus.memory-mb=32768"));
        assertEquals(new io.sigmaflow.schema.GpuDevices(8, "V100M32", 32768L), c.gpus());
        assertHas(problems(concat(base, "--set", "node.gpus.count=2")), "required when node.gpus.count is 2");
        assertHas(problems(concat(base, "--set", "node.gpus.count=65", "--set", "node.gpus.model=T4")), "node.gpus.count");
    }

    @Test
    void aSigningKeyFileSignsAndABadOneIsAFieldErrorWithoutItsContents() throws Exception {
        String[] base = {"--node-id", "n1", "--bootstrap", "127.0.0.1:9092", "--config", SAMPLE.toString(),
            "--set", "state.dir=" + dir};
        assertEquals(null, ExecutorConfigReader.fromArgs(base).signer(), "unsigned unless a key is given");
        Path key = dir.resolve("n1.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        ExecutorConfig c = ExecutorConfigReader.fromArgs(concat(base, "--set", "node.signing-key-file=" + key));
        assertEquals(32, c.signer().sign("t", null, new byte[0]).length);
        assertTrue(!c.toString().contains("00112233"), "the key is never shown");
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "hunter2");
        List<String> problems = problems(concat(base, "--set", "node.signing-key-file=" + bad));
        assertHas(problems, "node.signing-key-file (--set): " + bad + ": not a key");
        assertTrue(problems.stream().noneMatch(p -> p.contains("hunter2")), problems.toString());
        assertHas(problems(concat(base, "--set", "node.signing-key-file=" + dir.resolve("missing"))), "cannot read the key file");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void overridesWinAndEverySettingIsTyped() throws Exception {
        Path file = dir.resolve("x.properties");
        Files.writeString(file, """
                payload.allowlist = /usr/bin/sleep
                cgroup.mode = simulated
                cgroup.version = v2
                cgroup.mount = %s
                node.capacity.cpu-millis = 8000
                node.label.rack = r1
                node.topology.chassis = ch-3
                """.formatted(dir.resolve("cg")));
        ExecutorConfig c = ExecutorConfigReader.fromArgs(new String[] {
            "--node-id", "n1", "--bootstrap", "127.0.0.1:9092", "--config", file.toString(),
            "--set", "node.capacity.cpu-millis=16000", "--set", "state.dir=" + dir.resolve("s"),
            "--set", "cgroup.parent=sigmaflow-local/n1"});
        assertEquals(16_000, c.capacity().getCpuMillis());
        assertEquals(Optional.of(CgroupVersion.V2), c.cgroupVersion());
        assertEquals("r1", c.labels().get("rack"));
        assertEquals("ch-3", c.topology().getChassis());
        assertEquals("n1", c.topology().getHost());
        assertEquals("sigmaflow-local/n1", c.cgroupParent());
    }

    @Test
    void commandLineErrorsNameTheOption() {
        assertHas(problems("--bootstrap", "localhost:9092", "--frobnicate"), "Unknown option: '--frobnicate'");
        assertHas(problems("--bootstrap", "localhost:9092"), "--node-id: required");
        assertHas(problems("--node-id"), "Missing required parameter for option '--node-id' (ID)");
        assertHas(problems("--node-id", "n", "--bootstrap", "b:1", "--set", "novalue"),
                "option '--set' (KEY=VALUE) should be in KEY=VALUE format but was novalue");
        assertHas(problems("--node-id", "n", "--bootstrap", "b:1", "--config", "/nonexistent.properties"),
                "--config /nonexistent.properties: cannot read");
    }

    @Test
    void fileErrorsNameTheFieldAndAllAreReportedAtOnce() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, """
                payload.allowlist = /usr/bin/sleep, relative/tool, /usr/bin/../bin/sh, /nonexistent/tool
                payload.stop-grace-ms = soon
                apply.timeout-ms = 2000
                cgroup.version = v3
                cgroup.parent = ok/../../etc
                emergency.starved-run-delay = 0.05
                status.watch-intervl-ms = 100
                isolation.dedicated-qos = LSR, gold
                isolation.shared-cpus-min = 0
                """);
        List<String> p = problems("--node-id", "bad/id", "--bootstrap", "nohostport", "--config", file.toString());
        assertHas(p, "--node-id 'bad/id': contains a path separator");
        assertHas(p, "--bootstrap 'nohostport': expected HOST:PORT");
        assertHas(p, "payload.allowlist (" + file + "): 'relative/tool' is not an absolute path");
        assertHas(p, "payload.allowlist (" + file + "): '/usr/bin/../bin/sh' is not an absolute path without . or ..");
        assertHas(p, "payload.allowlist (" + file + "): /nonexistent/tool is not an executable file");
        assertHas(p, "payload.stop-grace-ms (" + file + "): 'soon' is not a whole number");
        assertHas(p, "apply.timeout-ms (" + file + "): 2000 must exceed payload.stop-grace-ms + 1000");
        assertHas(p, "cgroup.version (" + file + "): 'v3' is not auto, v1 or v2");
        assertHas(p, "cgroup.parent (" + file + "): component '..' contains '..'");
        assertHas(p, "emergency.starved-run-delay (" + file + "): 0.05 must not be below emergency.recovered-run-delay 0.1");
        assertHas(p, "status.watch-intervl-ms (" + file + "): unknown setting");
        assertHas(p, "isolation.dedicated-qos (" + file + "): 'gold' is not a QoS class (LSR, LS, BE)");
        assertHas(p, "isolation.shared-cpus-min (" + file + "): 0 is below the minimum 1");
    }

    @Test
    void missingAllowlistIsRequired() {
        assertHas(problems("--node-id", "n", "--bootstrap", "b:1", "--set", "state.dir=" + dir),
                "payload.allowlist (default): required");
    }

    @Test
    void helpExitsZeroAndUnknownOptionsExitTwo() {
        CommandRun.assertHelp(new io.sigmaflow.executor.NodeExecutorMain(), "node-executor", "--node-id=ID",
                "--bootstrap=HOST:PORT[,HOST:PORT]", "--config=FILE", "--set=KEY=VALUE");
        CommandRun.assertUnknownOptionRefused(new io.sigmaflow.executor.NodeExecutorMain(), "node-executor");
        CommandRun bench = CommandRun.of(new io.sigmaflow.executor.local.IsolationBench(), "--help");
        assertEquals(0, bench.code(), bench.err());
        assertTrue(bench.out().contains("Usage: java -cp ... io.sigmaflow.executor.local.IsolationBench [-hV]"), bench.out());
        CommandRun badBench = CommandRun.of(new io.sigmaflow.executor.local.IsolationBench(), "--seconds", "0");
        assertEquals(2, badBench.code());
        assertTrue(badBench.err().contains("IsolationBench: --seconds: 0 must be at least 1"), badBench.err());
    }

    /** The real main: field-level message on stderr, non-zero exit. */
    @Test
    void mainExitsNonZeroWithFieldLevelErrors() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sigmaflow.executor.NodeExecutorMain",
                "--node-id", "n1", "--bootstrap", "127.0.0.1:9", "--set", "payload.stop-grace-ms=-5"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("payload.stop-grace-ms (--set): -5 is below the minimum 0"), out);
        assertTrue(out.contains("payload.allowlist (default): required"), out);
        assertTrue(out.contains("Usage: ./sigma node-executor"), out);
    }
}
