package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.cgroup.CpuPriorityUpdater;
import io.sigmaflow.executor.cgroup.CgroupVersion;
import io.sigmaflow.executor.cgroup.CpusetUpdater;
import io.sigmaflow.executor.cgroup.GpuDeviceUpdater;
import io.sigmaflow.executor.cgroup.KnobWriter;
import io.sigmaflow.executor.cgroup.MemoryLimitUpdater;
import io.sigmaflow.executor.pod.StepRunner.StepFailedException;
import io.sigmaflow.executor.runtime.PodLaunch;
import io.sigmaflow.executor.runtime.PodRuntime;
import io.sigmaflow.executor.runtime.RunningPod;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodCpuSetting;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The effects of placements on the host: a pod's cgroup, its CPU knobs, its memory limit and
 * cpuset ({@link PodIsolation}) and its processes. Every
 * effect runs as a {@link StepRunner} step under the apply timeout and undoes itself when it
 * fails. Stopping is graceful: SIGTERM to every process of the pod, the grace period, then
 * SIGKILL to whatever is left, then the cgroup is removed.
 */
public final class PodSupervisor {
    private static final long POLL_MS = 20;
    private static final long KILL_WAIT_MS = 5_000;
    private static final long RMDIR_WAIT_MS = 2_000;

    private final String nodeId;
    private final CgroupTree tree;
    private final CpuPriorityUpdater updater;
    private final MemoryLimitUpdater memory;
    private final CpusetUpdater cpuset;
    private final GpuDeviceUpdater devices;
    /** The host has GPUs: every pod is denied those it was not given (v1 device cgroup). */
    private final boolean gpuHost;
    private final PodRuntime runtime;
    private final Path podStateRoot;
    private final Duration stopGrace;
    private final StepRunner steps;

    public PodSupervisor(String nodeId, CgroupTree tree, CpuPriorityUpdater updater, PodRuntime runtime,
            Path podStateRoot, Duration stopGrace, StepRunner steps) {
        this(nodeId, tree, updater, runtime, podStateRoot, stopGrace, steps, 0);
    }

    /** {@code hostGpus}: the host's GPUs ({@code node.gpus.count}); with any, pods get the device cgroup. */
    public PodSupervisor(String nodeId, CgroupTree tree, CpuPriorityUpdater updater, PodRuntime runtime,
            Path podStateRoot, Duration stopGrace, StepRunner steps, int hostGpus) {
        this.nodeId = nodeId;
        this.devices = new GpuDeviceUpdater(tree.version(), updater.writer());
        this.gpuHost = hostGpus > 0;
        this.tree = tree;
        this.updater = updater;
        this.memory = new MemoryLimitUpdater(tree.version(), updater.writer());
        this.cpuset = new CpusetUpdater(tree.version(), updater.writer());
        this.runtime = runtime;
        this.podStateRoot = podStateRoot;
        this.stopGrace = stopGrace;
        this.steps = steps;
    }

    public CgroupTree tree() {
        return tree;
    }

    public PodRuntime runtime() {
        return runtime;
    }

    public Path podStateDir(String podId) {
        return podStateRoot.resolve(podId);
    }

    /** Creates the pod's cgroup, writes its CPU knobs, starts its payload inside. */
    public RunningPod start(Placement placement, PodCpuSetting cpu) throws StepFailedException, InterruptedException {
        return start(placement, cpu, PodIsolation.NONE);
    }

    /**
     * Creates the pod's cgroup, writes its CPU knobs, memory limit and cpuset, then starts its
     * payload inside: the limits hold from the payload's first instruction.
     */
    public RunningPod start(Placement placement, PodCpuSetting cpu, PodIsolation isolation)
            throws StepFailedException, InterruptedException {
        String podId = placement.getPodId();
        return steps.run("start of pod " + podId, undo -> {
            Path dir = tree.createPod(podId);
            undo.add("cgroup " + dir + " removed", () -> discardNow(podId, null));
            List<KnobWriter.Write> failed = updater.apply(dir, cpu).stream().filter(KnobWriter.Write::failed).toList();
            if (!failed.isEmpty()) {
                throw new IOException("cannot set the CPU priority of pod " + podId + ": " + failed);
            }
            failed = writeIsolation(podId, isolation);
            if (!failed.isEmpty()) {
                throw new IOException("cannot isolate pod " + podId + ": " + failed);
            }
            failed = denyOtherGpus(podId, placement.getGpus());
            if (!failed.isEmpty()) {
                throw new IOException("cannot deny pod " + podId + " the GPUs it was not given: " + failed);
            }
            List<Path> join = tree.joinFiles(podId);
            RunningPod pod = runtime.start(new PodLaunch(nodeId, podId, placement.getAppId(), placement.getPayload(),
                    tree.procsFile(podId), podStateDir(podId), join.subList(0, join.size() - 1), placement.getGpus()));
            undo.add("pid " + pod.pid() + " killed", () -> discardNow(podId, pod));
            return pod;
        });
    }

    /** Writes the pod's memory limit and cpuset (an in-place update, a pool that changed); returns the failed writes. */
    public List<KnobWriter.Write> applyIsolation(String podId, PodIsolation isolation) throws StepFailedException, InterruptedException {
        return steps.run("isolation of pod " + podId, undo -> writeIsolation(podId, isolation));
    }

    private List<KnobWriter.Write> writeIsolation(String podId, PodIsolation isolation) {
        List<KnobWriter.Write> writes = new ArrayList<>();
        if (isolation.memory() != null && tree.has(CgroupController.MEMORY)) {
            writes.addAll(memory.apply(tree.podDir(podId, CgroupController.MEMORY), isolation.memory()));
        }
        if (isolation.cpus() != null && tree.has(CgroupController.CPUSET)) {
            writes.addAll(cpuset.apply(tree.podDir(podId, CgroupController.CPUSET), isolation.cpus(), isolation.mems()));
        }
        return writes.stream().filter(KnobWriter.Write::failed).toList();
    }

    /**
     * On a GPU host, the device cgroup rules that keep the pod off the GPUs it was not given
     * (before its payload starts); on v2 counted as unsupported. Returns the failed writes.
     */
    private List<KnobWriter.Write> denyOtherGpus(String podId, List<Integer> gpus) {
        if (!gpuHost) {
            return List.of();
        }
        Path dir = tree.has(CgroupController.DEVICES) ? tree.podDir(podId, CgroupController.DEVICES) : null;
        if (dir == null && tree.version() == CgroupVersion.V1) {
            return List.of(); // v1 without a devices hierarchy: as memory without its controller, not enforced
        }
        return devices.apply(dir, gpus).stream().filter(KnobWriter.Write::failed).toList();
    }

    /** The memory limit as the kernel holds it now, or empty without a memory controller. */
    public Optional<MemoryLimitUpdater.MemoryLimit> readMemory(String podId) {
        return tree.has(CgroupController.MEMORY)
                ? Optional.of(memory.read(tree.podDir(podId, CgroupController.MEMORY))) : Optional.empty();
    }

    /** The pod's cpuset as the kernel holds it now, or empty without a cpuset controller. */
    public Optional<String> readCpus(String podId) {
        return tree.has(CgroupController.CPUSET) ? Optional.of(cpuset.read(tree.podDir(podId, CgroupController.CPUSET))) : Optional.empty();
    }

    /** How many of the pod's processes the kernel's OOM killer has killed; empty when unknown. */
    public OptionalLong oomKills(String podId) {
        return tree.has(CgroupController.MEMORY) ? memory.oomKills(tree.podDir(podId, CgroupController.MEMORY)) : OptionalLong.empty();
    }

    /** Stops every process of the pod gracefully and removes its cgroup. {@code pod} may be null (orphans). */
    public void stop(String podId, RunningPod pod) throws StepFailedException, InterruptedException {
        steps.run("stop of pod " + podId, undo -> {
            terminate(podId, pod, stopGrace);
            removeCgroup(podId);
            return null;
        });
    }

    /** Writes the pod's CPU knobs; returns the failed writes (unsupported knobs are not failures). */
    public List<KnobWriter.Write> applyCpu(String podId, PodCpuSetting cpu) throws StepFailedException, InterruptedException {
        return steps.run("CPU priority of pod " + podId, undo ->
                updater.apply(tree.podDir(podId), cpu).stream().filter(KnobWriter.Write::failed).toList());
    }

    /** The knobs as the kernel holds them now (for tests and diagnostics). */
    public PodCpuSetting readCpu(String podId) {
        return updater.read(tree.podDir(podId), podId);
    }

    /** Finds a pod left running by a previous executor, among its cgroup's processes. */
    public Optional<RunningPod> adopt(String podId) {
        return runtime.adopt(podId, podStateDir(podId), tree.pids(podId));
    }

    /** Kills whatever is left of a pod at once and removes its cgroup (undo, exits). */
    public void discardNow(String podId, RunningPod pod) {
        try {
            terminate(podId, pod, Duration.ZERO);
            removeCgroup(podId);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The pod's processes: in kernel mode everything its cgroup lists (forks included); in
     * simulated mode the cgroup file is only what the wrapper wrote, so the main process and
     * its descendants, verified through the runtime (never a pid that may have been reused).
     */
    private Set<ProcessHandle> members(String podId, RunningPod pod) {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        RunningPod main = pod != null ? pod : adopt(podId).orElse(null);
        if (main != null) {
            main.processes().filter(ProcessHandle::isAlive).forEach(members::add);
        }
        if (tree.mode() == CgroupMode.KERNEL) {
            for (long pid : tree.pids(podId)) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(members::add);
            }
        }
        return members;
    }

    private void terminate(String podId, RunningPod pod, Duration grace) throws InterruptedException, IOException {
        Set<ProcessHandle> targets = members(podId, pod);
        if (targets.isEmpty()) {
            return;
        }
        if (!grace.isZero()) {
            targets.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline && !members(podId, pod).isEmpty()) {
                Thread.sleep(POLL_MS);
            }
        }
        long deadline = System.nanoTime() + KILL_WAIT_MS * 1_000_000;
        Set<ProcessHandle> left = members(podId, pod);
        while (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            if (System.nanoTime() > deadline) {
                throw new IOException("pod " + podId + ": processes " + pids(left) + " survive SIGKILL");
            }
            Thread.sleep(POLL_MS);
            left = members(podId, pod);
        }
    }

    private void removeCgroup(String podId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RMDIR_WAIT_MS * 1_000_000;
        while (true) {
            try {
                tree.removePod(podId);
                return;
            } catch (FileSystemException e) {
                // EBUSY until the kernel has finished moving the killed tasks out.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    private static String pids(Set<ProcessHandle> handles) {
        return handles.stream().map(h -> String.valueOf(h.pid())).collect(Collectors.joining(","));
    }
}
