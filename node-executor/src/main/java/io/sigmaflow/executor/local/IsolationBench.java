package io.sigmaflow.executor.local;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.config.ExecutorConfigReader;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures what a dedicated core buys a latency-sensitive pod on this host's real kernel: a
 * CPU-bound LS pod next to busy best-effort pods, once in the shared pool (QoS LS) and once on
 * a dedicated core (QoS LSR), each for a few seconds; prints the LS pod's run-queue delay
 * (time runnable but waiting for a CPU, {@code /proc/<pid>/task/<tid>/schedstat}) and CPU time
 * per second, and the BE pods' CPU time. Numbers, not assertions: the machine is shared.
 * Needs root and the cpuset controller; uses its own {@code sigmaflow-bench-<random>} subtree
 * and removes it.
 *
 * <pre>java -cp "node-executor/target/classes:$(cat node-executor/target/classpath.txt)" \
 *     io.sigmaflow.executor.local.IsolationBench [--seconds 5] [--best-effort 2]</pre>
 */
@Command(name = "IsolationBench", synopsisHeading = "Usage: java -cp ... io.sigmaflow.executor.local.",
        description = {"What a dedicated core buys a latency-sensitive pod on this host's kernel: run-queue delay and cpu"
            + " time of a busy LS pod next to busy BE pods, shared pool (LS) vs dedicated core (LSR). Needs root and cpuset."},
        footer = "  java -cp \"node-executor/target/classes:$(cat node-executor/target/classpath.txt)\""
                + " io.sigmaflow.executor.local.IsolationBench --seconds 3")
public final class IsolationBench implements Callable<Integer> {
    private static final String SH = "/bin/sh";
    private static final String BUSY_LOOP = "while :; do :; done";

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "N", description = "seconds per row (default: ${DEFAULT-VALUE})")
    private int seconds = 5;

    @Option(names = "--best-effort", paramLabel = "N", description = "busy best-effort pods (default: ${DEFAULT-VALUE})")
    private int bestEffort = 2;

    public static void main(String[] args) {
        // As ./sigma sets it for every command: Avro builds only classes of trusted packages.
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.sigmaflow.schema");
        }
        SigmaCli.main(new IsolationBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        Problems problems = new Problems();
        if (seconds < 1) {
            problems.add("--seconds: " + seconds + " must be at least 1");
        }
        if (bestEffort < 0) {
            problems.add("--best-effort: " + bestEffort + " must not be negative");
        }
        problems.throwIfAny(spec);
        String top = "sigmaflow-bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path state = Files.createTempDirectory("sigmaflow-bench");
        System.out.println("load average " + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]
                + " on " + Runtime.getRuntime().availableProcessors() + " CPUs; " + bestEffort + " busy BE pods, one busy LS pod, "
                + seconds + " s per row (processes outside the bench's cgroups still run on every CPU)");
        System.out.printf("%-11s %-6s %-9s %14s %14s %14s%n", "ls pod", "cpus", "be cpus", "LS wait ms/s", "LS cpu ms/s", "BE cpu ms/s");
        try {
            for (QosClass qos : List.of(QosClass.LS, QosClass.LSR, QosClass.LS, QosClass.LSR)) {
                run(top, state, qos, bestEffort, seconds);
            }
        } finally {
            try {
                removeTree(top);
            } catch (IOException e) {
                System.err.println("could not remove the bench's cgroups under /sys/fs/cgroup/*/" + top + ": " + e);
            }
        }
        return 0;
    }

    private static void run(String top, Path state, QosClass qos, int bestEffort, int seconds) throws Exception {
        String node = "bench-" + qos.name().toLowerCase();
        Properties p = new Properties();
        p.putAll(Map.of("cgroup.mode", "kernel", "cgroup.parent", top + "/" + node,
                "state.dir", state.resolve(node + "-" + System.nanoTime()).toString(),
                "payload.allowlist", SH, "payload.stop-grace-ms", "0", "emergency.enabled", "false",
                "node.capacity.cpu-millis", "64000", "node.capacity.memory-mb", "4096", "node.capacity.disk-mb", "1000"));
        HostAgent host;
        try {
            host = new HostAgent(ExecutorConfigReader.fromProperties(node, "127.0.0.1:1", p, "bench"), UnaryOperator.identity(),
                    new Discard(), RunDelayProbe.schedstat());
        } catch (ConfigException e) {
            throw new IllegalStateException(e.problems().toString(), e);
        }
        try {
            if (!host.supervisor().tree().has(CgroupController.CPUSET)) {
                throw new IllegalStateException("no cpuset controller: " + host.supervisor().tree());
            }
            for (int i = 0; i < bestEffort; i++) {
                host.placements().apply(bind(node, "be-" + i, QosClass.BE));
            }
            host.placements().apply(bind(node, "ls", qos));
            Thread.sleep(500);
            HostView.Pod ls = host.view().get("ls").orElseThrow();
            List<HostView.Pod> be = host.view().all().stream().filter(x -> x.podId().startsWith("be-")).toList();
            long[] ls0 = sched(ls);
            long be0 = be.stream().mapToLong(x -> sched(x)[0]).sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double secs = (System.nanoTime() - t0) / 1e9;
            long[] ls1 = sched(ls);
            long be1 = be.stream().mapToLong(x -> sched(x)[0]).sum();
            System.out.printf("%-11s %-6s %-9s %14.1f %14.1f %14.1f%n", qos + (qos == QosClass.LSR ? " (own)" : " (shared)"),
                    host.supervisor().readCpus("ls").orElse("?"), host.supervisor().readCpus("be-0").orElse("?"),
                    (ls1[1] - ls0[1]) / 1e6 / secs, (ls1[0] - ls0[0]) / 1e6 / secs, (be1 - be0) / 1e6 / secs);
        } finally {
            for (HostView.Pod pod : host.view().all()) {
                try {
                    host.placements().apply(Placement.newBuilder().setPodId(pod.podId()).setAppId("bench").setNodeId(node)
                            .setAction(PlacementAction.UNBIND).setGeneration(pod.generation() + 1)
                            .setResources(pod.placement().getResources()).build());
                } catch (RuntimeException e) {
                    host.supervisor().discardNow(pod.podId(), pod.process()); // whatever failed, no pod outlives the bench
                }
            }
            host.close();
        }
    }

    private static Placement bind(String node, String podId, QosClass qos) {
        return Placement.newBuilder().setPodId(podId).setAppId("bench").setNodeId(node).setAction(PlacementAction.BIND)
                .setGeneration(1).setResources(new Resources(1000L, 64L, 0L)).setQos(qos)
                .setPayload(new Payload(SH, List.of("-c", BUSY_LOOP), Map.of())).build();
    }

    /** CPU time and run-queue delay (ns) of every task of the pod: the first two fields of schedstat. */
    private static long[] sched(HostView.Pod pod) {
        long[] sum = new long[2];
        pod.process().processes().forEach(h -> {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(h.pid()), "task"))) {
                for (Path t : tasks.toList()) {
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split("\\s+");
                    sum[0] += Long.parseLong(f[0]);
                    sum[1] += Long.parseLong(f[1]);
                }
            } catch (IOException | RuntimeException e) {
                // exited meanwhile
            }
        });
        return sum;
    }

    /** Removes the bench's subtree from every hierarchy (its pods were stopped by their UNBINDs). */
    private static void removeTree(String top) throws IOException {
        for (String hierarchy : List.of("cpu", "memory", "cpuset", "unified", "")) {
            Path dir = Path.of("/sys/fs/cgroup", hierarchy, top);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path d : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(d);
                }
            }
        }
    }

    /** The bench reports nowhere. */
    private static final class Discard implements StatusSink {
        @Override
        public void podStatus(PodStatus status) {}

        @Override
        public void inventory(NodeInventory inventory) {}

        @Override
        public void nodeEvent(NodeEvent event) {}

        @Override
        public void deadLetter(DeadLetter letter) {}

        @Override
        public void flush() {}
    }
}
