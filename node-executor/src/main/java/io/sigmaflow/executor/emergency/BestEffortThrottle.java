package io.sigmaflow.executor.emergency;

import io.sigmaflow.executor.pod.CpuOverride;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.pod.PodSupervisor;
import io.sigmaflow.executor.pod.StepRunner.StepFailedException;
import io.sigmaflow.executor.report.PodStatuses;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.QosClass;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sigma's local emergency rule: when a latency-sensitive pod (LS, LSR) on this host is starved
 * of CPU, every best-effort pod is throttled at once (SCHED_IDLE and a hard quota), without
 * waiting for the central job; then the throttle is reported on each BE pod's status. When the
 * LS pods have been calm for a while, the BE pods get their own settings back.
 *
 * <p>Starvation is measured as run delay per wall-clock second ({@link RunDelayProbe}); it
 * needs no cgroup v2 pressure files, so it works on v1 hosts too. Sampled from one thread.
 */
public final class BestEffortThrottle implements CpuOverride {
    private static final Logger LOG = LoggerFactory.getLogger(BestEffortThrottle.class);

    /** The rule's thresholds. */
    public record Settings(double starvedRunDelay, double recoveredRunDelay, Duration restoreAfter, long beQuotaMillis) {}

    private final HostView view;
    private final PodSupervisor supervisor;
    private final RunDelayProbe probe;
    private final Settings settings;
    private final StatusSink sink;
    private final PodStatuses statuses;
    private final Map<String, long[]> lastSample = new HashMap<>();
    private volatile boolean throttled;
    private long calmSinceNanos = -1;

    public BestEffortThrottle(String nodeId, HostView view, PodSupervisor supervisor, RunDelayProbe probe,
            Settings settings, StatusSink sink) {
        this.view = view;
        this.supervisor = supervisor;
        this.probe = probe;
        this.settings = settings;
        this.sink = sink;
        this.statuses = new PodStatuses(nodeId);
    }

    public boolean throttled() {
        return throttled;
    }

    /** While throttled, BE pods run idle and under the emergency quota (or their own, if lower). */
    @Override
    public PodCpuSetting effective(PodCpuSetting base) {
        if (!throttled || base.getQos() != QosClass.BE) {
            return base;
        }
        long quota = base.getCpuQuotaMillis() < 0 ? settings.beQuotaMillis() : Math.min(base.getCpuQuotaMillis(), settings.beQuotaMillis());
        return PodCpuSetting.newBuilder(base).setIdle(true).setCpuQuotaMillis(quota).build();
    }

    /** One sample: measures LS starvation and throttles or restores BE pods. */
    public void sample() throws InterruptedException {
        long now = System.nanoTime();
        double worst = 0;
        String worstPod = null;
        Map<String, long[]> seen = new HashMap<>();
        for (HostView.Pod pod : view.all()) {
            if (pod.qos() == QosClass.BE || pod.phase() != HostView.Phase.RUNNING) {
                continue;
            }
            OptionalLong delay = probe.runDelayNanos(pod);
            if (delay.isEmpty()) {
                continue;
            }
            long[] sample = {delay.getAsLong(), now};
            long[] prev = lastSample.get(pod.podId());
            seen.put(pod.podId(), sample);
            if (prev != null && now > prev[1]) {
                double ratio = (double) (sample[0] - prev[0]) / (now - prev[1]);
                if (ratio > worst) {
                    worst = ratio;
                    worstPod = pod.podId();
                }
            }
        }
        lastSample.clear();
        lastSample.putAll(seen);
        if (!throttled) {
            if (worst >= settings.starvedRunDelay() && hasBestEffort()) {
                throttled = true;
                calmSinceNanos = -1;
                rewriteBestEffort(String.format("throttled: LS pod %s waited %.0f%% of the time for a CPU", worstPod, worst * 100));
            }
            return;
        }
        if (worst > settings.recoveredRunDelay()) {
            calmSinceNanos = -1;
        } else if (calmSinceNanos < 0) {
            calmSinceNanos = now;
        } else if (now - calmSinceNanos >= settings.restoreAfter().toNanos()) {
            throttled = false;
            rewriteBestEffort("throttle lifted: LS pods calm for " + settings.restoreAfter().toMillis() + " ms");
        }
    }

    private boolean hasBestEffort() {
        return view.all().stream().anyMatch(p -> p.qos() == QosClass.BE && p.phase() == HostView.Phase.RUNNING);
    }

    private void rewriteBestEffort(String why) throws InterruptedException {
        LOG.warn("emergency: {}", why);
        view.effects().lock();
        try {
            for (HostView.Pod pod : view.all()) {
                if (pod.qos() != QosClass.BE || pod.phase() != HostView.Phase.RUNNING) {
                    continue;
                }
                try {
                    supervisor.applyCpu(pod.podId(), effective(pod.cpu()));
                } catch (StepFailedException e) {
                    LOG.warn("pod {}: {}", pod.podId(), e.getMessage());
                }
                sink.podStatus(statuses.of(pod.podId(), pod.appId(), pod.generation(), PodState.RUNNING, null, why));
            }
        } finally {
            view.effects().unlock();
        }
    }
}
