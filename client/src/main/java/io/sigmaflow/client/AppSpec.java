package io.sigmaflow.client;

import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Toleration;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app as a release system describes it: what {@link SigmaClient#publish} and
 * {@link SigmaClient#upgrade} send. Read one from a YAML or JSON file with
 * {@link io.sigmaflow.client.spec.AppSpecFiles}, or build one:
 *
 * <pre>{@code
 * AppSpec web = AppSpec.builder("web").replicas(12).cpuMillis(500).memoryMb(2048)
 *         .nodeSelector(Map.of("disk", "ssd")).command("/usr/bin/sleep", "infinity").build();
 * }</pre>
 *
 * @param dispersion levels to spread over, widest first; null: the cluster's default levels
 * @param priority null: 100 for LS and LSR, 0 for BE
 * @param upgrade rolling-update limits; null: the job's default (1 and 1) on publish, unchanged on upgrade
 * @param gpu each pod's GPUs (whole GPUs, or a share of one in milli, optionally restricted to models); null: none
 */
public record AppSpec(String app, int replicas, long cpuMillis, long memoryMb, long diskMb, QosClass qos,
                      Integer priority, Map<String, String> nodeSelector, List<Toleration> tolerations,
                      List<TopologyLevel> dispersion, UpgradePolicy upgrade, String executable, List<String> args,
                      Map<String, String> env, GpuRequest gpu) {

    /** An app without GPUs. */
    public AppSpec(String app, int replicas, long cpuMillis, long memoryMb, long diskMb, QosClass qos,
                   Integer priority, Map<String, String> nodeSelector, List<Toleration> tolerations,
                   List<TopologyLevel> dispersion, UpgradePolicy upgrade, String executable, List<String> args,
                   Map<String, String> env) {
        this(app, replicas, cpuMillis, memoryMb, diskMb, qos, priority, nodeSelector, tolerations, dispersion, upgrade,
                executable, args, env, null);
    }

    public AppSpec {
        qos = qos == null ? QosClass.LS : qos;
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        dispersion = dispersion == null ? null : List.copyOf(dispersion);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static Builder builder(String app) {
        return new Builder(app);
    }

    /** The priority sent: the given one, else 100 for latency-sensitive apps and 0 for best effort. */
    public int effectivePriority() {
        return priority != null ? priority : qos == QosClass.BE ? 0 : 100;
    }

    /** Every pod's template as the job receives it. */
    public PodTemplate template() {
        List<DispersionLevel> levels = null;
        if (dispersion != null) {
            levels = new ArrayList<>();
            for (TopologyLevel level : dispersion) {
                levels.add(new DispersionLevel(level, 1));
            }
        }
        return PodTemplate.newBuilder()
                .setResources(new Resources(cpuMillis, memoryMb, diskMb))
                .setPriority(effectivePriority())
                .setQos(qos)
                .setDispersion(levels)
                .setNodeSelector(new TreeMap<>(nodeSelector))
                .setTolerations(new ArrayList<>(tolerations))
                .setPayload(new Payload(executable, new ArrayList<>(args), new TreeMap<>(env)))
                .setGpu(gpu == null ? null : GpuRequest.newBuilder(gpu).build())
                .build();
    }

    /** Fluent construction; {@link #build} does not validate (the client does, before sending). */
    public static final class Builder {
        private final String app;
        private int replicas = 1;
        private long cpuMillis;
        private long memoryMb;
        private long diskMb;
        private QosClass qos = QosClass.LS;
        private Integer priority;
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private List<TopologyLevel> dispersion;
        private UpgradePolicy upgrade;
        private String executable;
        private List<String> args = List.of();
        private final Map<String, String> env = new LinkedHashMap<>();
        private int wholeGpus;
        private int gpuMilli;
        private List<String> gpuModels = List.of();

        private Builder(String app) {
            this.app = app;
        }

        public Builder replicas(int n) { replicas = n; return this; }
        public Builder cpuMillis(long m) { cpuMillis = m; return this; }
        public Builder memoryMb(long mb) { memoryMb = mb; return this; }
        public Builder diskMb(long mb) { diskMb = mb; return this; }
        public Builder qos(QosClass q) { qos = q; return this; }
        public Builder priority(int p) { priority = p; return this; }
        public Builder nodeSelector(Map<String, String> labels) { nodeSelector.putAll(labels); return this; }
        public Builder toleration(Toleration t) { tolerations.add(t); return this; }
        public Builder dispersion(TopologyLevel... levels) { dispersion = List.of(levels); return this; }
        public Builder upgrade(int maxSurge, int maxUnavailable) { upgrade = new UpgradePolicy(maxUnavailable, maxSurge); return this; }
        public Builder env(String name, String value) { env.put(name, value); return this; }
        /** Whole GPUs per pod (1..8), used by the pod alone. */
        public Builder gpus(int whole) { wholeGpus = whole; return this; }
        /** A share of one GPU per pod, in thousandths (1..999); other pods may share the rest. */
        public Builder gpuMilli(int milli) { gpuMilli = milli; return this; }
        /** The GPU models the pods accept (any when none is named). */
        public Builder gpuModels(String... models) { gpuModels = List.of(models); return this; }

        /** What each pod runs: an executable (on the hosts' allowlist) and its arguments. */
        public Builder command(String executable, String... args) {
            this.executable = executable;
            this.args = List.of(args);
            return this;
        }

        public AppSpec build() {
            GpuRequest gpu = wholeGpus == 0 && gpuMilli == 0 && gpuModels.isEmpty() ? null
                    : new GpuRequest(wholeGpus, gpuMilli, new ArrayList<>(gpuModels));
            return new AppSpec(app, replicas, cpuMillis, memoryMb, diskMb, qos, priority, nodeSelector, tolerations,
                    dispersion, upgrade, executable, args, env, gpu);
        }
    }
}
