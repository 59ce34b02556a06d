package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * {@code --kill-taskmanager-at F}: kills the busiest TaskManager once the job has decided a share F
 * of the pods. Decided, not readable: it counts this run's BINDs read {@code read_uncommitted},
 * as the job writes them inside its open transactions (what executors see only at the next
 * checkpoint arrives there in bursts of thousands, and would put the kill after the work). So the
 * kill lands in the middle of the placing, with decisions written but not committed: the job must
 * abort them, restart from its last checkpoint and decide them again, each exactly once.
 */
final class FailureInjector implements Runnable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final RunIds ids;
    private final int killAt;
    private final int pods;
    private final BenchTarget target;
    private final PlacementCollector collector;
    private final PrintStream log;
    private volatile boolean running = true;

    FailureInjector(KafkaConsumer<byte[], byte[]> uncommitted, Topics topics, RunIds ids, double share, int pods,
                    BenchTarget target, PlacementCollector collector, PrintStream log) {
        this.consumer = uncommitted;
        this.topics = topics;
        this.ids = ids;
        this.killAt = (int) Math.ceil(pods * share);
        this.pods = pods;
        this.target = target;
        this.collector = collector;
        this.log = log;
    }

    @Override
    public void run() {
        AvroCodec<Placement> codec = AvroCodec.of(Placement.class);
        int decided = 0;
        try {
            consumer.subscribe(List.of(topics.placements().name()));
            while (running && decided < killAt) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    Placement p = codec.decode(r.value());
                    if (p.getAction() == PlacementAction.BIND && ids.owns(p.getAppId())) {
                        decided++;
                    }
                }
            }
            if (decided >= killAt) {
                String what = target.injectFailure();
                collector.failed(System.nanoTime());
                log.printf("%s at %d of %d pods decided (%d readable)%n", what, decided, pods, collector.placedCount());
            }
        } catch (WakeupException e) {
            // stopped: the run ended before the share was reached
        } catch (Exception e) {
            log.println("could not kill a TaskManager: " + e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Stops waiting (the run is over); the thread closes its consumer. */
    void stop() {
        running = false;
        consumer.wakeup();
    }
}
