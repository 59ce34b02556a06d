package io.sigmaflow.connectors.flink;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records an operator has told the job to skip, by position: {@code TOPIC:PARTITION:OFFSET,...}
 * (setting {@code sigmaflow.skip-records}). The decode operator turns each into a dead letter
 * "skipped by operator setting" without decoding it. The way out if a record nobody foresaw ever
 * stops the job: name it, restart from the last checkpoint, and it is dead-lettered instead.
 */
public record SkippedRecords(Set<String> positions) implements Serializable {
    public static final SkippedRecords NONE = new SkippedRecords(Set.of());

    public SkippedRecords {
        positions = Set.copyOf(positions);
    }

    /**
     * Parses {@code TOPIC:PARTITION:OFFSET} items separated by commas (blank: none).
     *
     * @throws IllegalArgumentException naming the item that is not of that form
     */
    public static SkippedRecords parse(String text) {
        Set<String> positions = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return NONE;
        }
        for (String item : text.split(",")) {
            String t = item.trim();
            int last = t.lastIndexOf(':');
            int middle = last < 0 ? -1 : t.lastIndexOf(':', last - 1);
            try {
                if (middle <= 0) {
                    throw new NumberFormatException();
                }
                int partition = Integer.parseInt(t.substring(middle + 1, last));
                long offset = Long.parseLong(t.substring(last + 1));
                if (partition < 0 || offset < 0) {
                    throw new NumberFormatException();
                }
                positions.add(key(t.substring(0, middle), partition, offset));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not TOPIC:PARTITION:OFFSET"
                        + " (e.g. sigma.requests:3:1042)");
            }
        }
        return new SkippedRecords(positions);
    }

    public boolean skips(KafkaBytes record) {
        return !positions.isEmpty() && positions.contains(key(record.topic, record.partition, record.offset));
    }

    private static String key(String topic, int partition, long offset) {
        return topic + ":" + partition + ":" + offset;
    }
}
