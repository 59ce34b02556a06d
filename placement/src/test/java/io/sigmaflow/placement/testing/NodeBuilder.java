package io.sigmaflow.placement.testing;

import io.sigmaflow.placement.model.GpuDevices;
import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.Taint;
import io.sigmaflow.schema.TaintEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Fluent node fixture: {@code node("n1").coreSwitch("s1").chassis("c1").cpu(4000).build()}. */
public final class NodeBuilder {
    private final String id;
    private String zone = "z";
    private String coreSwitch = "s";
    private String chassis = "c";
    private String host;
    private long cpu = 1000;
    private long memory = 1000;
    private long disk = 1000;
    private NodeCondition condition = NodeCondition.SCHEDULABLE;
    private final Map<String, String> labels = new TreeMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private GpuDevices gpus = GpuDevices.NONE;

    NodeBuilder(String id) {
        this.id = id;
        this.host = id;
    }

    public NodeBuilder zone(String zone) {
        this.zone = zone;
        return this;
    }

    public NodeBuilder coreSwitch(String coreSwitch) {
        this.coreSwitch = coreSwitch;
        return this;
    }

    public NodeBuilder chassis(String chassis) {
        this.chassis = chassis;
        return this;
    }

    public NodeBuilder host(String host) {
        this.host = host;
        return this;
    }

    public NodeBuilder cpu(long millis) {
        this.cpu = millis;
        return this;
    }

    public NodeBuilder memory(long mb) {
        this.memory = mb;
        return this;
    }

    public NodeBuilder disk(long mb) {
        this.disk = mb;
        return this;
    }

    public NodeBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public NodeBuilder taint(String key, String value, TaintEffect effect) {
        taints.add(new Taint(key, value, effect));
        return this;
    }

    public NodeBuilder condition(NodeCondition condition) {
        this.condition = condition;
        return this;
    }

    public NodeBuilder gpus(int count, String model) {
        this.gpus = GpuDevices.of(count, model);
        return this;
    }

    public Node build() {
        return new Node(id, new Location(zone, coreSwitch, chassis, host), new ResourceVector(cpu, memory, disk),
                labels, taints, condition, gpus);
    }
}
