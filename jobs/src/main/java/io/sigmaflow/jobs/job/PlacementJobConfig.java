package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.flink.FlinkKafka.ReadMode;
import io.sigmaflow.connectors.flink.RecordLimit;
import io.sigmaflow.connectors.flink.SkippedRecords;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.app.MaxNodeSize;
import io.sigmaflow.jobs.migration.PlanClock;
import io.sigmaflow.jobs.partition.HostSettings;
import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.connectors.security.KafkaClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * The job's own settings, read strictly from the {@code sigmaflow.*} keys of the Flink
 * configuration (flink-conf/config.yaml, {@code -D} options): an unknown key or a bad value is an
 * error naming the key. Every other key belongs to Flink.
 *
 * <pre>
 * sigmaflow.kafka.bootstrap-servers        127.0.0.1:9092
 * sigmaflow.kafka.topic-prefix             ""           (isolates environments on one cluster)
 * sigmaflow.kafka.partitions               0            (0: each topic's default; only used to create topics)
 * sigmaflow.kafka.fleet-hosts              0            (expected hosts: placements and priority changes get
 *                                                        max(8, ceil(N / 16)) partitions; only used to create topics)
 * sigmaflow.kafka.group-id                 sigmaflow-placement
 * sigmaflow.kafka.transactional-id-prefix  the group id (unique per job: two jobs sharing it fence each other)
 * sigmaflow.kafka.config-file              none         (Kafka client properties: TLS, SASL; read where the job is built)
 * sigmaflow.job.read-mode                  STREAM | BOUNDED
 * sigmaflow.job.order                      event-time | arrival
 * sigmaflow.job.watermark-idleness         1s           (a quiet input partition stops holding event time)
 * sigmaflow.job.partition-level            the first topology level (CORE_SWITCH by default)
 * sigmaflow.host.silence-timeout           60s          (a node that reported once, then nothing: re-place its pods)
 * sigmaflow.host.inventory-grace           60s          (a pod missing from its host's inventory counts after this)
 * sigmaflow.host.max-pod-failures          5            (hosts failed a pod this often: it stays pending; 0 = no limit)
 * sigmaflow.job.max-future-skew            30s          (a host record or plan stamped further ahead of the job's clock is refused)
 * sigmaflow.host.report-grace              45s          (after a gap or restart, hosts have this long to report; STREAM only)
 * sigmaflow.host.mass-silence-share        0.1          (more nodes than this share silent at once: nobody evicted, alert)
 * sigmaflow.host.mass-silence-window       silence-timeout / 2 (silences counted together within this window)
 * sigmaflow.migration.plan-expiry          10min        (a plan older than this is refused)
 * sigmaflow.kafka.max-record-bytes        1047552      (key + value of one output record; a larger one becomes a dead letter)
 * sigmaflow.job.max-node-cpu-millis        4096000      (the largest node: larger registrations and pods are refused)
 * sigmaflow.job.max-node-memory-mb         67108864     (64 TiB)
 * sigmaflow.skip-records                   ""           (TOPIC:PARTITION:OFFSET,...: dead-lettered, not decoded)
 * sigmaflow.security.host-signing         false        (true: host reports without their node's signature are dead letters)
 * sigmaflow.security.host-signing-master-file  none    (the master key, hex or base64; required when host-signing is true)
 * sigmaflow.placement.&lt;key&gt;              the placer's keys (PlacementConfig): filters, scores with
 *                                          weights, maxCandidates, topology.levels, plugin arguments
 * </pre>
 */
public record PlacementJobConfig(String bootstrapServers, String topicPrefix, int partitions, int fleetHosts, String groupId,
                                 String transactionalIdPrefix, ReadMode readMode, boolean eventTimeOrder,
                                 Duration watermarkIdleness, PlacementConfig placement,
                                 Map<String, String> placementKeys, TopologyLevel partitionLevel,
                                 Duration silenceTimeout, Duration inventoryGrace, int maxPodFailures,
                                 Duration maxFutureSkew, Duration reportGrace, double massSilenceShare,
                                 Duration massSilenceWindow, Duration planExpiry,
                                 int maxRecordBytes, MaxNodeSize maxNode, SkippedRecords skipRecords,
                                 Map<String, String> kafkaClientProperties, byte[] hostSigningMaster) {
    public static final String PREFIX = "sigmaflow.";
    public static final String PLACEMENT_PREFIX = PREFIX + "placement.";
    public static final String BOOTSTRAP = PREFIX + "kafka.bootstrap-servers";
    public static final String TOPIC_PREFIX = PREFIX + "kafka.topic-prefix";
    public static final String PARTITIONS = PREFIX + "kafka.partitions";
    public static final String FLEET_HOSTS = PREFIX + "kafka.fleet-hosts";
    public static final String GROUP_ID = PREFIX + "kafka.group-id";
    public static final String TRANSACTIONAL_ID_PREFIX = PREFIX + "kafka.transactional-id-prefix";
    public static final String READ_MODE = PREFIX + "job.read-mode";
    public static final String ORDER = PREFIX + "job.order";
    public static final String WATERMARK_IDLENESS = PREFIX + "job.watermark-idleness";
    public static final String PARTITION_LEVEL = PREFIX + "job.partition-level";
    public static final String SILENCE_TIMEOUT = PREFIX + "host.silence-timeout";
    public static final String INVENTORY_GRACE = PREFIX + "host.inventory-grace";
    public static final String MAX_POD_FAILURES = PREFIX + "host.max-pod-failures";
    public static final String MAX_FUTURE_SKEW = PREFIX + "job.max-future-skew";
    public static final String REPORT_GRACE = PREFIX + "host.report-grace";
    public static final String MASS_SILENCE_SHARE = PREFIX + "host.mass-silence-share";
    public static final String MASS_SILENCE_WINDOW = PREFIX + "host.mass-silence-window";
    public static final String PLAN_EXPIRY = PREFIX + "migration.plan-expiry";
    public static final String MAX_RECORD_BYTES = PREFIX + "kafka.max-record-bytes";
    public static final String MAX_NODE_CPU = PREFIX + "job.max-node-cpu-millis";
    public static final String MAX_NODE_MEMORY = PREFIX + "job.max-node-memory-mb";
    public static final String SKIP_RECORDS = PREFIX + "skip-records";
    public static final String KAFKA_CONFIG_FILE = KafkaClientConfig.PROPERTY;
    public static final String HOST_SIGNING = PREFIX + "security.host-signing";
    public static final String HOST_SIGNING_MASTER_FILE = PREFIX + "security.host-signing-master-file";
    static final Set<String> KEYS = Set.of(BOOTSTRAP, TOPIC_PREFIX, PARTITIONS, FLEET_HOSTS, GROUP_ID, TRANSACTIONAL_ID_PREFIX,
            READ_MODE, ORDER, WATERMARK_IDLENESS, PARTITION_LEVEL, SILENCE_TIMEOUT, INVENTORY_GRACE, MAX_POD_FAILURES,
            MAX_FUTURE_SKEW, REPORT_GRACE, MASS_SILENCE_SHARE, MASS_SILENCE_WINDOW, PLAN_EXPIRY,
            MAX_RECORD_BYTES, MAX_NODE_CPU, MAX_NODE_MEMORY, SKIP_RECORDS, KAFKA_CONFIG_FILE, HOST_SIGNING,
            HOST_SIGNING_MASTER_FILE);

    public static PlacementJobConfig from(Configuration flink) {
        return from(flink.toMap());
    }

    public static PlacementJobConfig from(Map<String, String> all) {
        Map<String, String> placementKeys = new TreeMap<>();
        for (String key : new TreeMap<>(all).keySet()) {
            if (key.startsWith(PLACEMENT_PREFIX)) {
                placementKeys.put(key.substring(PLACEMENT_PREFIX.length()), all.get(key));
            } else if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new InvalidConfigException(key, "unknown key; known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + " and " + PLACEMENT_PREFIX + "<placer key>");
            }
        }
        PlacementConfig placement;
        try {
            placement = PlacementConfig.parse(placementKeys);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(PLACEMENT_PREFIX + e.key(), e.problem());
        }
        String groupId = all.getOrDefault(GROUP_ID, "sigmaflow-placement");
        TopologyLevel level = all.containsKey(PARTITION_LEVEL)
                ? enumValue(PARTITION_LEVEL, TopologyLevel.class, all.get(PARTITION_LEVEL))
                : placement.levels().get(0);
        if (placement.levels().indexOf(level) < 0) {
            throw new InvalidConfigException(PARTITION_LEVEL, level + " is not one of the topology levels "
                    + placement.levels().levels());
        }
        ReadMode mode = enumValue(READ_MODE, ReadMode.class, all.getOrDefault(READ_MODE, "STREAM"));
        if (mode == ReadMode.TAIL) {
            throw new InvalidConfigException(READ_MODE, "expected STREAM or BOUNDED, got TAIL");
        }
        String order = all.getOrDefault(ORDER, "event-time").trim().toLowerCase(Locale.ROOT);
        if (!order.equals("event-time") && !order.equals("arrival")) {
            throw new InvalidConfigException(ORDER, "expected event-time or arrival, got '" + order + "'");
        }
        Duration silenceTimeout = duration(SILENCE_TIMEOUT, all.getOrDefault(SILENCE_TIMEOUT, "60s"));
        return new PlacementJobConfig(
                nonBlank(BOOTSTRAP, all.getOrDefault(BOOTSTRAP, "127.0.0.1:9092")),
                all.getOrDefault(TOPIC_PREFIX, ""),
                nonNegative(PARTITIONS, all.getOrDefault(PARTITIONS, "0")),
                nonNegative(FLEET_HOSTS, all.getOrDefault(FLEET_HOSTS, "0")),
                nonBlank(GROUP_ID, groupId),
                nonBlank(TRANSACTIONAL_ID_PREFIX, all.getOrDefault(TRANSACTIONAL_ID_PREFIX, groupId)),
                mode,
                order.equals("event-time"),
                duration(WATERMARK_IDLENESS, all.getOrDefault(WATERMARK_IDLENESS, "1s")),
                placement,
                Map.copyOf(placementKeys),
                level,
                silenceTimeout,
                duration(INVENTORY_GRACE, all.getOrDefault(INVENTORY_GRACE, "60s")),
                nonNegative(MAX_POD_FAILURES, all.getOrDefault(MAX_POD_FAILURES, "5")),
                duration(MAX_FUTURE_SKEW, all.getOrDefault(MAX_FUTURE_SKEW, "30s")),
                duration(REPORT_GRACE, all.getOrDefault(REPORT_GRACE, "45s")),
                share(MASS_SILENCE_SHARE, all.getOrDefault(MASS_SILENCE_SHARE, "0.1")),
                all.containsKey(MASS_SILENCE_WINDOW) ? duration(MASS_SILENCE_WINDOW, all.get(MASS_SILENCE_WINDOW))
                        : silenceTimeout.dividedBy(2),
                duration(PLAN_EXPIRY, all.getOrDefault(PLAN_EXPIRY, "10min")),
                atLeast(MAX_RECORD_BYTES, all.getOrDefault(MAX_RECORD_BYTES, String.valueOf(RecordLimit.KAFKA_DEFAULT)),
                        RecordLimit.MIN),
                new MaxNodeSize(
                        atLeast(MAX_NODE_CPU, all.getOrDefault(MAX_NODE_CPU, String.valueOf(MaxNodeSize.DEFAULT.cpuMillis())), 1),
                        atLeast(MAX_NODE_MEMORY, all.getOrDefault(MAX_NODE_MEMORY, String.valueOf(MaxNodeSize.DEFAULT.memoryMb())), 1)),
                skipRecords(all.get(SKIP_RECORDS)),
                kafkaClient(all.get(KAFKA_CONFIG_FILE)),
                hostSigningMaster(all.get(HOST_SIGNING), all.get(HOST_SIGNING_MASTER_FILE)));
    }

    /** Whether host reports must be signed ({@link #HOST_SIGNING}); the master travels in the job graph. */
    public boolean hostSigning() {
        return hostSigningMaster != null;
    }

    /** The master key when host signing is on, else null: read here, where the job is built. */
    private static byte[] hostSigningMaster(String on, String file) {
        String flag = on == null ? "false" : on.trim().toLowerCase(Locale.ROOT);
        if (!flag.equals("true") && !flag.equals("false")) {
            throw new InvalidConfigException(HOST_SIGNING, "expected true or false, got '" + on + "'");
        }
        if (flag.equals("false")) {
            return null;
        }
        if (file == null || file.isBlank()) {
            throw new InvalidConfigException(HOST_SIGNING_MASTER_FILE, "required when " + HOST_SIGNING + " is true");
        }
        try {
            return HostSignatures.readKey(Path.of(file.trim()));
        } catch (java.io.IOException e) {
            throw new InvalidConfigException(HOST_SIGNING_MASTER_FILE, e.getMessage());
        }
    }

    /** The client properties file, read here (where the job is built): they travel in the job's KafkaEndpoint. */
    private static Map<String, String> kafkaClient(String file) {
        if (file == null || file.isBlank()) {
            return Map.of();
        }
        try {
            return KafkaClientConfig.load(Path.of(file.trim())).properties();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(KAFKA_CONFIG_FILE, e.getMessage());
        }
    }

    /** Where a sink's oversized records go instead, and how large a record may be. */
    public RecordLimit recordLimit() {
        return new RecordLimit(maxRecordBytes, topics().deadLetters().name());
    }

    private static SkippedRecords skipRecords(String value) {
        try {
            return SkippedRecords.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(SKIP_RECORDS, e.getMessage());
        }
    }

    private static int atLeast(String key, String value, int min) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, "expected an integer from " + min + " to " + Integer.MAX_VALUE
                + ", got '" + value + "'");
    }

    public Topics topics() {
        return Topics.of(topicPrefix, partitions).withHosts(fleetHosts);
    }

    public PartitionSpec partitionSpec() {
        return new PartitionSpec(placementKeys, partitionLevel);
    }

    public JobSettings settings() {
        Topics topics = topics();
        return new JobSettings(partitionSpec(), eventTimeOrder, topics.requests().name(), topics.nodeEvents().name(),
                topics.migrations().name(),
                new HostSettings(topics.podStatus().name(), topics.inventory().name(), silenceTimeout.toMillis(),
                        inventoryGrace.toMillis(), maxPodFailures, maxFutureSkew.toMillis(),
                        // a bounded replay is ordered exactly: its watermark jumps are read speed, not gaps
                        readMode == ReadMode.BOUNDED ? 0 : reportGrace.toMillis(), massSilenceShare,
                        massSilenceWindow.toMillis()),
                new PlanClock(maxFutureSkew.toMillis(), planExpiry.toMillis(), readMode == ReadMode.BOUNDED), maxNode);
    }

    private static String nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(key, "must not be blank");
        }
        return value.trim();
    }

    private static int nonNegative(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, "expected a non-negative integer, got '" + value + "'");
    }

    private static double share(String key, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, "expected a share between 0 and 1 such as 0.1, got '" + value + "'");
    }

    private static Duration duration(String key, String value) {
        try {
            Duration d = TimeUtils.parseDuration(value.trim());
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, "expected a positive duration such as 500ms or 1s, got '" + value + "'");
    }

    private static <E extends Enum<E>> E enumValue(String key, Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, "unknown value '" + value + "'; expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
