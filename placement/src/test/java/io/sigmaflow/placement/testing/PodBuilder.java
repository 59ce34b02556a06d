package io.sigmaflow.placement.testing;

import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.Toleration;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Fluent pod fixture: {@code pod("p").app("web").cpu(500).spreadOver(CHASSIS).build()}. */
public final class PodBuilder {
    private final String id;
    private String app = "app";
    private long generation = 1;
    private long cpu = 100;
    private long memory = 100;
    private long disk;
    private int priority;
    private QosClass qos = QosClass.LS;
    private Dispersion dispersion = Dispersion.CLUSTER_DEFAULT;
    private final Map<String, String> selector = new TreeMap<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private GpuRequest gpu = GpuRequest.NONE;

    PodBuilder(String id) {
        this.id = id;
    }

    public PodBuilder app(String app) {
        this.app = app;
        return this;
    }

    public PodBuilder generation(long generation) {
        this.generation = generation;
        return this;
    }

    public PodBuilder cpu(long millis) {
        this.cpu = millis;
        return this;
    }

    public PodBuilder memory(long mb) {
        this.memory = mb;
        return this;
    }

    public PodBuilder disk(long mb) {
        this.disk = mb;
        return this;
    }

    public PodBuilder priority(int priority) {
        this.priority = priority;
        return this;
    }

    public PodBuilder qos(QosClass qos) {
        this.qos = qos;
        return this;
    }

    public PodBuilder spreadOver(TopologyLevel... levels) {
        this.dispersion = Dispersion.over(levels);
        return this;
    }

    public PodBuilder noSpread() {
        this.dispersion = Dispersion.NONE;
        return this;
    }

    public PodBuilder selector(String key, String value) {
        selector.put(key, value);
        return this;
    }

    public PodBuilder tolerates(String key, String value, TaintEffect effect) {
        tolerations.add(new Toleration(key, value, effect));
        return this;
    }

    /** Whole GPUs. */
    public PodBuilder gpus(int whole) {
        this.gpu = GpuRequest.whole(whole);
        return this;
    }

    /** A share of one GPU, in milli. */
    public PodBuilder gpuShare(int milli) {
        this.gpu = GpuRequest.share(milli);
        return this;
    }

    public PodBuilder gpuModels(String... models) {
        this.gpu = gpu.onModels(java.util.Set.of(models));
        return this;
    }

    public Pod build() {
        return new Pod(id, app, generation, new ResourceVector(cpu, memory, disk), priority, qos, dispersion, selector,
                tolerations, gpu);
    }
}
