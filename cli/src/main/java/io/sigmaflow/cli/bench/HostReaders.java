package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.schema.Placement;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code --host-readers}: one simulated node-executor per node, reading the placements topic as
 * CommandConsumer does: its own KafkaConsumer, {@code assign()} of the one partition its node id
 * hashes to for the partition count the topic really has, {@code read_committed}, every record
 * decoded and those of other nodes dropped. What it leaves out (applying, statuses, offset
 * commits) changes nothing of what a host fetches. To keep 1,000 of them on a 2-core machine,
 * {@link #HOSTS_PER_THREAD} consumers share a thread (each polls without waiting, so every host
 * keeps its own fetch in flight at the broker) and fetches are capped at 64 KiB.
 *
 * <p>Counts: records and bytes the hosts' consumers fetched (their {@code records-consumed-total}
 * and {@code bytes-consumed-total}), records each host kept (its own BINDs), and the embedded
 * broker's {@code BytesOutPerSec} for the topic (every reader of it, the benchmark's included).
 */
final class HostReaders implements AutoCloseable {
    static final int HOSTS_PER_THREAD = 25;
    private static final int FETCH_BYTES = 64 * 1024;

    private final Topic<Placement> placements;
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
    private final List<String> nodes;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ownRecords = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final long brokerBytesOutAtStart;
    private int partitions;
    private volatile boolean running = true;

    /** Creates and assigns one consumer per node (nothing is read before {@link #start()}). */
    HostReaders(String bootstrap, Topic<Placement> placements, List<String> nodes) {
        this.placements = placements;
        this.nodes = List.copyOf(nodes);
        for (String node : nodes) {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties(bootstrap, node),
                    new StringDeserializer(), new ByteArrayDeserializer());
            if (partitions == 0) {
                partitions = consumer.partitionsFor(placements.name(), Duration.ofSeconds(30)).size();
            }
            TopicPartition mine = new TopicPartition(placements.name(), Topic.partitionOf(node, partitions));
            consumer.assign(List.of(mine));
            consumer.seekToBeginning(List.of(mine));
            consumers.add(consumer);
        }
        brokerBytesOutAtStart = Math.max(0, brokerBytesOut(placements.name())); // -1: not fetched from yet
    }

    private static Properties properties(String bootstrap, String node) {
        Properties props = new Properties();
        props.putAll(KafkaClientConfig.clientProperties(bootstrap));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-host-" + node);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100"); // as CommandConsumer
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(FETCH_BYTES));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(FETCH_BYTES));
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, String.valueOf(FETCH_BYTES));
        props.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        // An idle host re-fetches every fetch.max.wait.ms (500 ms by default): 2,000 fetches/s for 1,000
        // idle hosts. A fetch parked at the broker returns as soon as a record arrives, so a longer wait
        // costs no latency and takes the idle fleet's fetches down to 200/s.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5000");
        return props;
    }

    int partitions() {
        return partitions;
    }

    /**
     * Starts the reading threads and returns once every host has had a fetch answered, so the
     * fleet's connections and first fetches are not counted in the timed part; false if not all
     * did within {@code timeout}.
     */
    boolean start(Duration timeout) throws InterruptedException {
        for (int first = 0; first < consumers.size(); first += HOSTS_PER_THREAD) {
            int from = first;
            int to = Math.min(consumers.size(), from + HOSTS_PER_THREAD);
            Thread t = new Thread(() -> readLoop(from, to), "bench-hosts-" + from);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (KafkaConsumer<String, byte[]> c : consumers) {
                if (total(c, "fetch-total") < 1) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private void readLoop(int from, int to) {
        AvroCodec<Placement> codec = AvroCodec.of(Placement.class);
        while (running) {
            int got = 0;
            for (int i = from; i < to && running; i++) {
                String node = nodes.get(i);
                for (ConsumerRecord<String, byte[]> r : consumers.get(i).poll(Duration.ZERO)) {
                    got++;
                    // as an executor: decode, then keep only this node's records
                    Placement p = codec.decode(r.value());
                    decoded.incrementAndGet();
                    if (node.equals(p.getNodeId())) {
                        ownRecords.incrementAndGet();
                    }
                }
            }
            if (got == 0) {
                try {
                    Thread.sleep(20); // every host's fetch stays parked at the broker meanwhile
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Records the hosts kept (each its own node's); the placement records written, once all are read. */
    long ownRecords() {
        return ownRecords.get();
    }

    /** Waits until the hosts kept {@code records} records, at most {@code timeout}; true if they did. */
    boolean awaitOwn(long records, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ownRecords.get() < records && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return ownRecords.get() >= records;
    }

    /** Stops the threads (the consumers stay open for their metrics until {@link #close()}). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    /**
     * Per placement record written ({@code records}): records and bytes fetched by hosts, the
     * broker's bytes out for the topic, and what the layout was.
     */
    Map<String, Object> perPlacement(long records) {
        double fetched = 0;
        double bytes = 0;
        for (KafkaConsumer<String, byte[]> c : consumers) {
            fetched += total(c, "records-consumed-total");
            bytes += total(c, "bytes-consumed-total");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host_readers", consumers.size());
        out.put("placements_partitions", partitions);
        out.put("host_records_kept", ownRecords.get());
        if (records > 0) {
            out.put("host_records_fetched_per_placement", Math.round(fetched * 10 / records) / 10.0);
            out.put("host_bytes_fetched_per_placement", Math.round(bytes / records));
            long brokerOut = brokerBytesOut(placements.name());
            if (brokerOut >= 0) {
                out.put("broker_bytes_out_placements_per_placement", Math.round((double) (brokerOut - brokerBytesOutAtStart) / records));
            }
        }
        return out;
    }

    /** A consumer's fetch-manager total (the one without a topic tag). */
    private static double total(KafkaConsumer<?, ?> consumer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.name().equals(name) && m.group().equals("consumer-fetch-manager-metrics") && !m.tags().containsKey("topic")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    /** The in-process broker's bytes sent for {@code topic} (its Yammer meter over JMX); -1 when not there. */
    static long brokerBytesOut(String topic) {
        try {
            ObjectName name = new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec,topic=" + topic);
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Count")).longValue();
        } catch (Exception e) {
            // not found: nothing fetched from it yet (the broker registers the meter on first use), or no broker here
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        for (KafkaConsumer<String, byte[]> c : consumers) {
            c.close(Duration.ofSeconds(1));
        }
    }
}
