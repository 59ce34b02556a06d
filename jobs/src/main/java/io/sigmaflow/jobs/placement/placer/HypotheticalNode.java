package io.sigmaflow.jobs.placement.placer;

import io.sigmaflow.jobs.placement.framework.NodeView;
import io.sigmaflow.jobs.placement.index.NodeInfo;
import io.sigmaflow.jobs.placement.model.Location;
import io.sigmaflow.jobs.placement.model.NodeCondition;
import io.sigmaflow.jobs.placement.model.Pod;
import io.sigmaflow.jobs.placement.model.Taint;
import java.util.List;
import java.util.Map;

/** A node as it would be with some of its pods gone: lets filters judge a preemption or a slot swap. */
final class HypotheticalNode implements NodeView {
    private final NodeInfo node;
    private long cpu;
    private long memory;
    private long disk;

    HypotheticalNode(NodeInfo node) {
        this.node = node;
        this.cpu = node.requestedCpu();
        this.memory = node.requestedMemory();
        this.disk = node.requestedDisk();
    }

    void without(Pod pod) {
        cpu -= pod.requests().cpuMillis();
        memory -= pod.requests().memoryMb();
        disk -= pod.requests().diskMb();
    }

    void with(Pod pod) {
        cpu += pod.requests().cpuMillis();
        memory += pod.requests().memoryMb();
        disk += pod.requests().diskMb();
    }

    boolean hasRoomFor(Pod pod) {
        return pod.requests().cpuMillis() <= freeCpu()
                && pod.requests().memoryMb() <= freeMemory()
                && pod.requests().diskMb() <= freeDisk();
    }

    @Override
    public String id() {
        return node.id();
    }

    @Override
    public Location location() {
        return node.location();
    }

    @Override
    public NodeCondition condition() {
        return node.condition();
    }

    @Override
    public Map<String, String> labels() {
        return node.labels();
    }

    @Override
    public List<Taint> taints() {
        return node.taints();
    }

    @Override
    public long allocatableCpu() {
        return node.allocatableCpu();
    }

    @Override
    public long allocatableMemory() {
        return node.allocatableMemory();
    }

    @Override
    public long allocatableDisk() {
        return node.allocatableDisk();
    }

    @Override
    public long requestedCpu() {
        return cpu;
    }

    @Override
    public long requestedMemory() {
        return memory;
    }

    @Override
    public long requestedDisk() {
        return disk;
    }

    @Override
    public int domainId(int levelIndex) {
        return node.domainId(levelIndex);
    }
}
