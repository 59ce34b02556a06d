package io.sigmaflow.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.support.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the job's checkpoints cost, per operator and phase, read from the Flink REST API of the
 * embedded mini cluster once the run is over: for every checkpoint completed in the timed part,
 * each job vertex's end-to-end time (trigger to the last subtask's acknowledgement), its subtasks'
 * synchronous part (operators' snapshotState: RocksDB's native checkpoint, operator state copied),
 * asynchronous part (files written), barrier alignment, start delay (trigger to the barrier's
 * arrival: back-pressure ahead of the operator) and the bytes it persisted. Medians and p99 over
 * checkpoints (phases: over subtasks of every checkpoint).
 *
 * <p>The JSON gets {@code checkpoints}, {@code checkpoint_ms_p50/p99}, {@code checkpoint_bytes_p50}
 * and per operator {@code checkpoint_ms_p50_<operator>}, {@code checkpoint_sync_ms_p50_<operator>},
 * {@code checkpoint_ms_p99_<operator>}, {@code checkpoint_sync_ms_p99_<operator>}, {@code checkpoint_align_ms_p99_<operator>};
 * the log gets the whole table. The slowest checkpoint of the timed part (in a latency run, the
 * warm-up's: issue 18) also by operator, each phase's slowest subtask, and in the JSON
 * {@code checkpoint_slowest_ms}, {@code checkpoint_slowest_at_ms} (its trigger after the timed part
 * started) and {@code checkpoint_slowest_operator} (the operator that acknowledged last).
 */
final class CheckpointCost {
    private final FlinkRest rest;
    /** Every completed checkpoint of the run, warm-up included, as {@link #measure} read them. */
    private final List<TailSplit.Checkpoint> completed = new ArrayList<>();

    CheckpointCost(int restPort) {
        this.rest = new FlinkRest(restPort);
    }

    /** One subtask's part of one checkpoint, in milliseconds and bytes. */
    record Part(long endToEnd, long sync, long async, long alignment, long startDelay, long bytes) {
        /** Each field's larger value: an operator's slowest subtask per phase. */
        static Part max(Part a, Part b) {
            return new Part(Math.max(a.endToEnd, b.endToEnd), Math.max(a.sync, b.sync), Math.max(a.async, b.async),
                    Math.max(a.alignment, b.alignment), Math.max(a.startDelay, b.startDelay), Math.max(a.bytes, b.bytes));
        }
    }

    /** The checkpoints triggered at or after {@code sinceMillis} (wall clock), summed up; empty when REST does not answer. */
    Map<String, Object> measure(long sinceMillis, PrintStream log) {
        Map<String, Object> out = new LinkedHashMap<>();
        completed.clear(); // a second measure reads the whole history again: no checkpoint counted twice
        try {
            String job = rest.get("/jobs/overview").path("jobs").path(0).path("jid").asText();
            Map<String, String> vertices = new LinkedHashMap<>();
            for (JsonNode v : rest.get("/jobs/" + job).path("vertices")) {
                vertices.put(v.path("id").asText(), shortName(v.path("name").asText()));
            }
            List<Long> ids = new ArrayList<>();
            for (JsonNode c : rest.get("/jobs/" + job + "/checkpoints").path("history")) {
                if (!"COMPLETED".equals(c.path("status").asText())) {
                    continue;
                }
                long triggered = c.path("trigger_timestamp").asLong();
                completed.add(new TailSplit.Checkpoint(c.path("id").asLong(), triggered,
                        triggered + c.path("end_to_end_duration").asLong()));
                if (triggered >= sinceMillis) {
                    ids.add(c.path("id").asLong());
                }
            }
            List<Long> total = new ArrayList<>();
            List<Long> totalBytes = new ArrayList<>();
            Map<String, List<Long>> byVertex = new LinkedHashMap<>();
            Map<String, List<Part>> parts = new LinkedHashMap<>();
            long slowestId = -1;
            long slowestMs = -1;
            long slowestTriggered = 0;
            Map<String, Part> slowest = new LinkedHashMap<>();
            for (long id : ids) {
                JsonNode details = rest.get("/jobs/" + job + "/checkpoints/details/" + id);
                total.add(details.path("end_to_end_duration").asLong());
                Map<String, Part> worst = new LinkedHashMap<>();
                totalBytes.add(details.path("checkpointed_size").asLong());
                for (Map.Entry<String, String> v : vertices.entrySet()) {
                    byVertex.computeIfAbsent(v.getValue(), k -> new ArrayList<>())
                            .add(details.path("tasks").path(v.getKey()).path("end_to_end_duration").asLong());
                    JsonNode subtasks = rest.get("/jobs/" + job + "/checkpoints/details/" + id + "/subtasks/" + v.getKey());
                    for (JsonNode s : subtasks.path("subtasks")) {
                        if (s.has("checkpoint")) {
                            Part part = new Part(
                                    s.path("end_to_end_duration").asLong(), s.path("checkpoint").path("sync").asLong(),
                                    s.path("checkpoint").path("async").asLong(), s.path("alignment").path("duration").asLong(),
                                    s.path("start_delay").asLong(), s.path("checkpointed_size").asLong());
                            parts.computeIfAbsent(v.getValue(), k -> new ArrayList<>()).add(part);
                            worst.merge(v.getValue(), part, Part::max);
                        }
                    }
                }
                if (details.path("end_to_end_duration").asLong() > slowestMs) {
                    slowestMs = details.path("end_to_end_duration").asLong();
                    slowestId = id;
                    slowestTriggered = details.path("trigger_timestamp").asLong();
                    slowest = worst;
                }
            }
            out.put("checkpoints", ids.size());
            out.put("checkpoint_ms_p50", percentile(total, 50));
            out.put("checkpoint_ms_p99", percentile(total, 99));
            out.put("checkpoint_bytes_p50", percentile(totalBytes, 50));
            Table table = new Table("operator", "ms p50", "ms p99", "sync p50", "sync p99", "async p50", "align p50",
                    "align p99", "delay p50", "bytes/subtask p50");
            for (Map.Entry<String, List<Long>> v : byVertex.entrySet()) {
                List<Part> p = parts.getOrDefault(v.getKey(), List.of());
                long sync = percentile(p, Part::sync, 50);
                out.put("checkpoint_ms_p50_" + v.getKey(), percentile(v.getValue(), 50));
                out.put("checkpoint_sync_ms_p50_" + v.getKey(), sync);
                // The tail by operator: which phase makes a checkpoint's p99 (issue 18).
                out.put("checkpoint_ms_p99_" + v.getKey(), percentile(v.getValue(), 99));
                out.put("checkpoint_sync_ms_p99_" + v.getKey(), percentile(p, Part::sync, 99));
                out.put("checkpoint_align_ms_p99_" + v.getKey(), percentile(p, Part::alignment, 99));
                table.row(v.getKey(), percentile(v.getValue(), 50), percentile(v.getValue(), 99), sync,
                        percentile(p, Part::sync, 99), percentile(p, Part::async, 50), percentile(p, Part::alignment, 50),
                        percentile(p, Part::alignment, 99), percentile(p, Part::startDelay, 50), percentile(p, Part::bytes, 50));
            }
            log.printf("checkpoints in the timed part: %d, end to end p50 %s ms, p99 %s ms, %s bytes p50%n%s",
                    ids.size(), out.get("checkpoint_ms_p50"), out.get("checkpoint_ms_p99"),
                    out.get("checkpoint_bytes_p50"), table.render());
            if (slowestId >= 0) {
                out.putAll(slowest(slowestId, slowestMs, slowestTriggered - sinceMillis, slowest, log));
            }
        } catch (IOException | RuntimeException e) {
            log.println("checkpoint cost not read from the Flink REST API at " + rest.base() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /**
     * The slowest checkpoint by operator: each phase's slowest subtask; the JSON's
     * {@code checkpoint_slowest_*}. The operator that acknowledged last is the one that made it slow.
     */
    static Map<String, Object> slowest(long id, long ms, long atMs, Map<String, Part> byOperator, PrintStream log) {
        Map<String, Object> out = new LinkedHashMap<>();
        String last = byOperator.entrySet().stream().max(java.util.Comparator.comparingLong(e -> e.getValue().endToEnd()))
                .map(Map.Entry::getKey).orElse("");
        out.put("checkpoint_slowest_ms", ms);
        out.put("checkpoint_slowest_at_ms", atMs);
        out.put("checkpoint_slowest_operator", last);
        Table table = new Table("operator", "ms", "sync", "async", "align", "delay", "bytes");
        byOperator.forEach((name, p) -> table.row(name, p.endToEnd(), p.sync(), p.async(), p.alignment(), p.startDelay(), p.bytes()));
        log.printf("the slowest checkpoint (%d, triggered %d ms into the timed part): %d ms, last to acknowledge %s;"
                + " each operator's slowest subtask per phase:%n%s", id, atMs, ms, last, table.render());
        return out;
    }

    List<TailSplit.Checkpoint> completed() {
        return List.copyOf(completed);
    }

    /**
     * A vertex's name as a JSON key: its first operator, without the "Source: Kafka: " or "Kafka: "
     * prefix ({@code node_partitions}, {@code app_lifecycle}, {@code requests}, {@code outcomes_writer}).
     */
    static String shortName(String vertexName) {
        String first = vertexName.split(" -> ")[0].replace("Source: ", "").replace("Kafka: ", "")
                .replace(": ", " ");
        return first.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p / 100.0 * (sorted.size() - 1))));
    }

    private static long percentile(List<Part> parts, ToLongFunction<Part> field, int p) {
        return percentile(parts.stream().map(field::applyAsLong).toList(), p);
    }
}
