package io.sigmaflow.placement.synthetic;

import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated stream of pods from many apps. Each app has 1 to 500 replicas (log-uniform: many small
 * apps, a few large ones), one pod size drawn from a mix of 0.25 to 8 cores and 0.5 to 32 GiB, one
 * priority (BE 0, LS 100, LSR 1000), and dispersion over core switch, chassis and host. Releases
 * overlap: the stream interleaves the pods of {@value #CONCURRENT_RELEASES} apps at a time, one pod
 * each in turn, as concurrent publishes would. The same seed gives the same stream.
 */
public final class SyntheticWorkload {
    static final int MAX_REPLICAS = 500;
    static final int CONCURRENT_RELEASES = 16;
    private static final Dispersion ALL_LEVELS =
            Dispersion.over(TopologyLevel.CORE_SWITCH, TopologyLevel.CHASSIS, TopologyLevel.HOST);
    /** {cpu millis, memory MiB, relative frequency}. */
    private static final long[][] SIZES = {
        {250, 512, 10}, {500, 1024, 15}, {1000, 2048, 20}, {1000, 4096, 15}, {2000, 4096, 15},
        {2000, 8192, 10}, {4000, 8192, 8}, {4000, 16384, 5}, {8000, 32768, 2},
    };

    private SyntheticWorkload() {}

    /** The pods in stream order, and how many apps they came from. */
    public record Stream(List<Pod> pods, int apps) {}

    public static Stream generate(int pods, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<App> apps = new ArrayList<>();
        int remaining = pods;
        while (remaining > 0) {
            int replicas = Math.min(remaining, replicas(random));
            apps.add(app(apps.size(), replicas, random));
            remaining -= replicas;
        }
        List<Pod> stream = new ArrayList<>(pods);
        ArrayDeque<App> active = new ArrayDeque<>();
        int next = 0;
        while (next < apps.size() || !active.isEmpty()) {
            while (active.size() < CONCURRENT_RELEASES && next < apps.size()) {
                active.add(apps.get(next++));
            }
            App app = active.poll();
            stream.add(app.nextPod());
            if (app.emitted < app.replicas) {
                active.add(app);
            }
        }
        return new Stream(stream, apps.size());
    }

    /** Log-uniform in [1, MAX_REPLICAS]. */
    private static int replicas(SplittableRandom random) {
        int r = (int) Math.floor(Math.exp(random.nextDouble() * Math.log(MAX_REPLICAS + 1)));
        return Math.max(1, Math.min(MAX_REPLICAS, r));
    }

    private static App app(int n, int replicas, SplittableRandom random) {
        long total = 0;
        for (long[] s : SIZES) {
            total += s[2];
        }
        long pick = random.nextLong(total);
        long[] size = SIZES[0];
        for (long[] s : SIZES) {
            if (pick < s[2]) {
                size = s;
                break;
            }
            pick -= s[2];
        }
        int p = random.nextInt(100);
        int priority = p < 25 ? 0 : p < 80 ? 100 : 1000;
        QosClass qos = priority == 0 ? QosClass.BE : priority == 100 ? QosClass.LS : QosClass.LSR;
        return new App(String.format("app-%05d", n), replicas, ResourceVector.of(size[0], size[1]), priority, qos);
    }

    private static final class App {
        final String id;
        final int replicas;
        final ResourceVector size;
        final int priority;
        final QosClass qos;
        int emitted;

        App(String id, int replicas, ResourceVector size, int priority, QosClass qos) {
            this.id = id;
            this.replicas = replicas;
            this.size = size;
            this.priority = priority;
            this.qos = qos;
        }

        Pod nextPod() {
            String podId = String.format("%s-%03d", id, emitted++);
            return new Pod(podId, id, 1, size, priority, qos, ALL_LEVELS, null, null);
        }
    }
}
