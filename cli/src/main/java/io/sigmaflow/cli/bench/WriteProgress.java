package io.sigmaflow.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes the steady-state window's two readings ({@link SteadyState}) when the job has <em>written</em>
 * a quarter and three quarters of the pods' BINDs: the sum of the placements topic's end offsets
 * read {@code read_uncommitted} (the high watermark: records appended inside transactions still open),
 * less their sum when the run started. Written, not readable: executors see BINDs a checkpoint at a
 * time, so a count of readable BINDs is crossed after the work of a checkpoint or more (most of the
 * run when a checkpoint stalls). The end offsets cost a request per 100 ms and no record is fetched;
 * they count transaction markers and UNBINDs too (a few per checkpoint and partition in a run that
 * only places).
 */
final class WriteProgress implements Runnable {
    /**
     * How often the end offsets are read. Each reading is a ListOffsets request that the measured broker
     * serves and this process sends: with 20 ms the brokers' cpu of a 10,000 / 200,000 run went 2.13 →
     * 2.48 s and the benchmark's 1.36 → 1.90 s (medians of 9 and 6 runs; most of it probably these
     * requests). A reading carries its own count and time, so a coarser period moves the window's ends,
     * not its rate.
     */
    private static final Duration EVERY = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> uncommitted;
    private final List<TopicPartition> partitions;
    private final long base;
    private final int startAt;
    private final int endAt;
    private final LongSupplier cpu;
    private final ToLongFunction<String> nativeCpu;
    private volatile boolean running = true;
    private volatile SteadyState.Mark start;
    private volatile SteadyState.Mark end;
    /** With {@link RunTimeline#enabled()}: every reading, and reading on to the end of the run. */
    private final boolean timeline = RunTimeline.enabled();
    private final List<RunTimeline.Reading> readings = new java.util.ArrayList<>(); // guarded by itself

    /** {@code uncommitted}: a {@code read_uncommitted} consumer, this object's from now on. */
    WriteProgress(KafkaConsumer<byte[], byte[]> uncommitted, String topic, int pods, LongSupplier cpu,
                  ToLongFunction<String> nativeCpu) {
        this.uncommitted = uncommitted;
        this.partitions = uncommitted.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        this.base = written();
        this.startAt = SteadyState.startAt(pods);
        this.endAt = SteadyState.endAt(pods);
        this.cpu = cpu;
        this.nativeCpu = nativeCpu;
    }

    private long written() {
        Map<TopicPartition, Long> ends = uncommitted.endOffsets(partitions, Duration.ofSeconds(10));
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void run() {
        try {
            while (running && (end == null || timeline)) {
                long written = written() - base;
                if (timeline) {
                    RunTimeline.Reading reading = new RunTimeline.Reading(System.currentTimeMillis(), written,
                            cpu.getAsLong());
                    synchronized (readings) {
                        readings.add(reading);
                    }
                }
                if (start == null && written >= startAt) {
                    start = mark(written);
                } else if (start != null && end == null && written >= endAt && written > start.placed()) {
                    end = mark(written);
                }
                Thread.sleep(EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // no window: the run's result stands without its steady-state view
        } finally {
            uncommitted.close(Duration.ofSeconds(2));
        }
    }

    private SteadyState.Mark mark(long written) {
        long now = System.nanoTime();
        long cpuNow = cpu.getAsLong();
        return new SteadyState.Mark((int) Math.min(Integer.MAX_VALUE, written), now, cpuNow,
                nativeCpu.applyAsLong(NativeThreadCpu.JIT), nativeCpu.applyAsLong(NativeThreadCpu.GC));
    }

    /** Stops reading (the run is over, or the window closed); the thread closes its consumer. */
    void stop() {
        running = false;
    }

    /** Every reading taken (none unless {@link RunTimeline#enabled()}). */
    List<RunTimeline.Reading> readings() {
        synchronized (readings) {
            return List.copyOf(readings);
        }
    }

    /** The window's fields ({@link SteadyState#between}); empty when the job did not write three quarters. */
    Map<String, Object> steadyState() {
        return SteadyState.between(start, end);
    }
}
