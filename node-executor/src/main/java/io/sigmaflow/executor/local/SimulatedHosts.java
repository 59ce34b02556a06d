package io.sigmaflow.executor.local;

import io.sigmaflow.executor.NodeExecutor;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.config.ExecutorConfigReader;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.runtime.PayloadUser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Several simulated hosts for the local stack, in one JVM: executors {@code host-1..host-N},
 * each with its own cgroup subtree ({@code sigmaflow-local/host-i}, in the kernel when this
 * machine allows it, else simulated under the base dir), its own state dir, a capacity and a
 * place in a topology of chassis and core switches, so that dispersion has something to spread
 * over. {@code ./sigma hosts --count N --bootstrap HOST:PORT}.
 */
public final class SimulatedHosts implements AutoCloseable {
    public static final String CGROUP_TOP = "sigmaflow-local";

    /**
     * How the hosts are shaped: {@code hostsPerChassis} hosts share a chassis, {@code
     * chassisPerSwitch} chassis share a core switch. Odd hosts offer {@code cpuMillis} and {@code
     * memoryMb} with the label {@code disk=ssd}, even hosts half of that with {@code disk=hdd}:
     * the shapes of the local stack's demo cluster ({@code DemoCluster} in jobs), so hosts
     * registering themselves agree with what the demo registered.
     */
    public record Layout(int count, int hostsPerChassis, int chassisPerSwitch, long cpuMillis, long memoryMb) {
        public static Layout of(int count) {
            return new Layout(count, 2, 2, 8_000, 16_384);
        }
    }

    private final List<NodeExecutor> executors;

    private SimulatedHosts(List<NodeExecutor> executors) {
        this.executors = executors;
    }

    /**
     * The settings of host {@code i} (1-based); {@code common} (allowlist, intervals...) is
     * applied first and may be overridden by nothing here but the identity of the host.
     */
    public static Properties settingsFor(int i, Layout layout, Path baseDir, boolean kernel, String topicPrefix, Properties common) {
        String node = "host-" + i;
        int chassis = (i - 1) / layout.hostsPerChassis() + 1;
        int coreSwitch = (chassis - 1) / layout.chassisPerSwitch() + 1;
        Properties p = new Properties();
        p.setProperty("payload.allowlist", "/usr/bin/sleep");
        p.setProperty("payload.stop-grace-ms", "2000");
        // Several executors share this machine's CPUs and each keeps its own ledger: none may
        // promise a core as its pods' own (a --set overrides it, for one host).
        p.setProperty("isolation.dedicated-cores", "false");
        p.putAll(common);
        p.setProperty("kafka.topic-prefix", topicPrefix);
        boolean large = i % 2 == 1;
        p.setProperty("node.capacity.cpu-millis", String.valueOf(large ? layout.cpuMillis() : layout.cpuMillis() / 2));
        p.setProperty("node.capacity.memory-mb", String.valueOf(large ? layout.memoryMb() : layout.memoryMb() / 2));
        p.setProperty("node.label.disk", large ? "ssd" : "hdd");
        p.setProperty("node.capacity.disk-mb", "100000");
        p.setProperty("node.topology.zone", "local");
        p.setProperty("node.topology.core-switch", "cs-" + coreSwitch);
        p.setProperty("node.topology.chassis", "ch-" + chassis);
        p.setProperty("node.topology.host", node);
        p.setProperty("cgroup.parent", CGROUP_TOP + "/" + node);
        p.setProperty("state.dir", baseDir.resolve(node).toString());
        if (!kernel) {
            p.setProperty("cgroup.mode", "simulated");
            p.setProperty("cgroup.version", "v2");
            p.setProperty("cgroup.mount", baseDir.resolve("cgroup").toString());
        }
        return p;
    }

    /** True when this JVM can write the host's cpu cgroup (root, and a cpu hierarchy exists). */
    public static boolean kernelCgroupsWritable() {
        if (PayloadUser.currentUid() != 0) {
            return false;
        }
        try {
            CgroupTree.open(CgroupMode.KERNEL, Optional.empty(), Path.of("/sys/fs/cgroup"), CGROUP_TOP);
            return true;
        } catch (CgroupUnavailableException e) {
            return false;
        }
    }

    /** Starts {@code layout.count()} executors; on any failure the ones started are closed. */
    public static SimulatedHosts start(String bootstrap, String topicPrefix, Path baseDir, Layout layout, boolean kernel,
            Properties common) throws ConfigException, CgroupUnavailableException, IOException, InterruptedException {
        List<NodeExecutor> started = new ArrayList<>();
        try {
            for (int i = 1; i <= layout.count(); i++) {
                Properties p = settingsFor(i, layout, baseDir, kernel, topicPrefix, common);
                started.add(NodeExecutor.start(ExecutorConfigReader.fromProperties("host-" + i, bootstrap, p, "host-" + i)));
            }
        } catch (ConfigException | CgroupUnavailableException | IOException | InterruptedException | RuntimeException e) {
            started.forEach(NodeExecutor::close);
            throw e;
        }
        return new SimulatedHosts(List.copyOf(started));
    }

    public List<NodeExecutor> executors() {
        return executors;
    }

    /**
     * Kills every pod of every host and removes its cgroup, after {@link #close()}: the local
     * stack does not leave processes behind. The ledgers still hold the placements, so the
     * next start restarts them, as a rebooted host would.
     */
    public void killPods() {
        for (NodeExecutor e : executors) {
            for (HostView.Pod pod : e.host().view().all()) {
                e.host().supervisor().discardNow(pod.podId(), pod.process());
            }
        }
    }

    /** Stops every host at once: each may wait up to its sink's close bound for a broker that is gone. */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (NodeExecutor e : executors) {
            closing.add(Thread.ofPlatform().name("close-host").start(e::close));
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
