package io.sigmaflow.jobs.metrics;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * How long after its event time a request's work reached one stage of the job, in wall-clock
 * milliseconds, as a Flink histogram (the REST API and the dashboard show it as {@code NAME_median},
 * {@code NAME_p99}, ...). A request's event time is its Kafka timestamp, which its producer stamps
 * when it sends it, so each stage's value is the time from "produced" to that stage; the benchmark
 * reads them after a run ({@code stage_*} fields, docs/cli.md) to say where a request's time goes:
 * read by the source, released by event time at the app side, read and released at its node
 * partition, its checkpoint complete. Only meaningful in a stream read near the producers' clock
 * (a replay's timestamps are old).
 */
public final class StageLatency {
    /** The last this many values (a benchmark run's requests and commands fit). */
    static final int WINDOW = 20_000;
    public static final String REQUEST_READ = "requestReadLagMs";
    public static final String REQUEST_RELEASED = "requestReleasedLagMs";
    public static final String COMMAND_READ = "commandReadLagMs";
    public static final String COMMAND_RELEASED = "commandReleasedLagMs";
    public static final String COMMAND_COMMITTED = "commandCommittedLagMs";

    private final Histogram histogram;

    public StageLatency(MetricGroup group, String name) {
        this.histogram = group.histogram(name, new DescriptiveStatisticsHistogram(WINDOW));
    }

    StageLatency(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Work of {@code eventTimeMs} reached this stage now. */
    public void reached(long eventTimeMs) {
        histogram.update(Math.max(0, System.currentTimeMillis() - eventTimeMs));
    }

    /**
     * Event times of work released since the last barrier, per checkpoint, recorded as committed
     * when a checkpoint at or after theirs completes (its Kafka transactions commit then, and a
     * {@code read_committed} reader sees the output). An aborted checkpoint's work commits with
     * the next one.
     */
    public static final class AtCommit {
        private final StageLatency stage;
        private final ArrayDeque<Long> sinceBarrier = new ArrayDeque<>();
        private final TreeMap<Long, ArrayDeque<Long>> byCheckpoint = new TreeMap<>();

        public AtCommit(StageLatency stage) {
            this.stage = stage;
        }

        public void released(long eventTimeMs) {
            if (sinceBarrier.size() == WINDOW) {
                sinceBarrier.poll(); // no checkpoints (a bounded run): keep the newest, not every command's
            }
            sinceBarrier.add(eventTimeMs);
        }

        /** The barrier of {@code checkpointId} goes out now. */
        public void barrier(long checkpointId) {
            if (!sinceBarrier.isEmpty()) {
                byCheckpoint.put(checkpointId, new ArrayDeque<>(sinceBarrier));
                sinceBarrier.clear();
            }
        }

        public void completed(long checkpointId) {
            Iterator<Map.Entry<Long, ArrayDeque<Long>>> due = byCheckpoint.headMap(checkpointId, true).entrySet().iterator();
            while (due.hasNext()) {
                due.next().getValue().forEach(stage::reached);
                due.remove();
            }
        }
    }
}
