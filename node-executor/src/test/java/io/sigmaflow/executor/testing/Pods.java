package io.sigmaflow.executor.testing;

import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import java.util.List;
import java.util.Map;

/** Fluent fixtures: {@code Pods.bind("p1").on("n1").gen(2).runs("/usr/bin/sleep", "30").build()}. */
public final class Pods {
    public static final String SLEEP = "/usr/bin/sleep";
    public static final String SH = "/bin/sh";

    private final Placement.Builder b;

    private Pods(String podId, PlacementAction action) {
        b = Placement.newBuilder()
                .setPodId(podId)
                .setAppId("app-" + podId.replaceAll("-\\d+$", ""))
                .setNodeId("node-1")
                .setAction(action)
                .setGeneration(1)
                .setResources(new Resources(100L, 64L, 0L))
                .setQos(QosClass.LS)
                .setPayload(action == PlacementAction.BIND ? payload(SLEEP, "300") : null);
    }

    public static Pods bind(String podId) {
        return new Pods(podId, PlacementAction.BIND);
    }

    public static Pods unbind(String podId) {
        return new Pods(podId, PlacementAction.UNBIND);
    }

    public static Payload payload(String exe, String... args) {
        return new Payload(exe, List.of(args), Map.of());
    }

    public static PodCpuSetting cpu(String podId, QosClass qos, int weight, long quotaMillis, boolean idle) {
        return PodCpuSetting.newBuilder().setPodId(podId).setQos(qos).setCpuWeight(weight)
                .setCpuQuotaMillis(quotaMillis).setIdle(idle).build();
    }

    public Pods on(String nodeId) {
        b.setNodeId(nodeId);
        return this;
    }

    public Pods gen(long generation) {
        b.setGeneration(generation);
        return this;
    }

    public Pods runs(String exe, String... args) {
        b.setPayload(payload(exe, args));
        return this;
    }

    /** A shell script payload (tests allow /bin/sh; production allowlists never should). */
    public Pods script(String script) {
        return runs(SH, "-c", script);
    }

    /** The host GPU indexes the BIND names. */
    public Pods gpus(Integer... indexes) {
        b.setGpus(java.util.List.of(indexes));
        return this;
    }

    public Pods payload(Payload p) {
        b.setPayload(p);
        return this;
    }

    public Pods cpuMillis(long millis) {
        b.setResources(new Resources(millis, b.getResources().getMemoryMb(), 0L));
        return this;
    }

    public Pods memoryMb(long mb) {
        b.setResources(new Resources(b.getResources().getCpuMillis(), mb, 0L));
        return this;
    }

    public Pods qos(QosClass qos) {
        b.setQos(qos);
        return this;
    }

    public Placement build() {
        return b.build();
    }
}
