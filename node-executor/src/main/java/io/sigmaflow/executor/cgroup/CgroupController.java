package io.sigmaflow.executor.cgroup;

/**
 * The cgroup controllers the executor manages. On v1 each is its own hierarchy
 * ({@code <mount>/<name>}) and a pod has one directory in each; on v2 they share the pod's one
 * directory and are enabled through {@code cgroup.subtree_control}.
 */
public enum CgroupController {
    /** CPU priority: weight, quota, SCHED_IDLE, group identity. Required. */
    CPU("cpu"),
    /** Memory limit, swap, OOM events. Optional: without it memory is not enforced (and the inventory says so). */
    MEMORY("memory"),
    /** Which CPUs a pod may run on (dedicated cores, the shared pool). Optional likewise. */
    CPUSET("cpuset"),
    /**
     * Which device files a pod may open (v1 {@code devices.allow/deny}): a pod is denied the host's
     * GPUs it was not given. v1 only: v2 has no devices controller (device control there is an eBPF
     * program), so on v2 the GPUs a pod may open are not enforced, only named by its environment.
     */
    DEVICES("devices");

    private final String fileName;

    CgroupController(String fileName) {
        this.fileName = fileName;
    }

    /** The v1 hierarchy's directory name and the v2 {@code cgroup.controllers} word. */
    public String fileName() {
        return fileName;
    }
}
