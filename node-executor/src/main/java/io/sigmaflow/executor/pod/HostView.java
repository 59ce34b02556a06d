package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.runtime.RunningPod;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.QosClass;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What runs on this host right now: one entry per live pod process. Written by the consumer
 * thread (start, stop) and the watcher (exits) under {@link #effects()}; read without it by the
 * inventory and the emergency rule.
 * Transitions are compare-and-set on immutable entries, so a watcher never overwrites a newer
 * generation the consumer just started.
 */
public final class HostView {
    /** RUNNING: the process is ours to watch. STOPPING: an UNBIND is stopping it (an exit is expected). */
    public enum Phase { RUNNING, STOPPING }

    /** One live pod. {@code cpu} is the base setting (before any emergency throttle). */
    public record Pod(String podId, String appId, long generation, Phase phase, RunningPod process,
            Placement placement, PodCpuSetting cpu) {
        public QosClass qos() {
            return cpu.getQos();
        }

        public Pod withPhase(Phase p) {
            return new Pod(podId, appId, generation, p, process, placement, cpu);
        }

        public Pod withCpu(PodCpuSetting c) {
            return new Pod(podId, appId, generation, phase, process, placement, c);
        }

        public Pod withGeneration(long g, Placement p) {
            return new Pod(podId, appId, g, phase, process, p, cpu);
        }
    }

    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final ReentrantLock effects = new ReentrantLock();

    /**
     * Held while a pod's processes or cgroup are changed (apply, exit handling, throttling), so
     * that no two of them act on one pod's cgroup at once; reads need no lock.
     */
    public ReentrantLock effects() {
        return effects;
    }

    public Optional<Pod> get(String podId) {
        return Optional.ofNullable(pods.get(podId));
    }

    public void put(Pod pod) {
        pods.put(pod.podId(), pod);
    }

    /** Replaces {@code expected} only if it is still the current entry. */
    public boolean replace(Pod expected, Pod next) {
        return pods.replace(expected.podId(), expected, next);
    }

    /** Removes {@code expected} only if it is still the current entry. */
    public boolean remove(Pod expected) {
        return pods.remove(expected.podId(), expected);
    }

    public List<Pod> all() {
        return List.copyOf(pods.values());
    }

    public int size() {
        return pods.size();
    }
}
