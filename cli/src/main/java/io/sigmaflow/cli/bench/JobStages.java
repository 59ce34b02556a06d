package io.sigmaflow.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.support.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a request's time goes inside the job, read from the embedded mini cluster's REST API once
 * the run is over: the job's stage histograms (jobs' {@code StageLatency}: wall-clock time from a
 * request's Kafka timestamp to each stage), p50 and p99 of the worst subtask. With the benchmark's
 * own {@code p50_ms}/{@code p99_ms} (to the BIND readable {@code read_committed}) they split a
 * request's latency: read by the source, released by event time at the app side, its command read
 * and released at the node partition (where the BIND is written), the checkpoint complete.
 */
final class JobStages {
    /** Stage histogram -> JSON name, in the order a request passes them. */
    static final Map<String, String> STAGES = stages();
    private final FlinkRest rest;

    JobStages(int restPort) {
        this.rest = new FlinkRest(restPort);
    }

    private static Map<String, String> stages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("requestReadLagMs", "request_read");
        m.put("requestReleasedLagMs", "request_released");
        m.put("commandReadLagMs", "command_read");
        m.put("commandReleasedLagMs", "command_released");
        m.put("commandCommittedLagMs", "command_committed");
        return m;
    }

    /** {@code stage_<name>_ms_p50} / {@code _p99} for every stage found; empty when REST does not answer. */
    Map<String, Object> measure(PrintStream log) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            String job = rest.get("/jobs/overview").path("jobs").path(0).path("jid").asText();
            for (JsonNode v : rest.get("/jobs/" + job).path("vertices")) {
                String path = "/jobs/" + job + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
                for (JsonNode metric : rest.get(path)) {
                    String id = metric.path("id").asText();
                    for (Map.Entry<String, String> stage : STAGES.entrySet()) {
                        if (id.endsWith(stage.getKey() + "_median") || id.endsWith(stage.getKey() + "_p99")) {
                            JsonNode value = rest.get(path + "?agg=max&get=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                            String suffix = id.endsWith("_median") ? "_ms_p50" : "_ms_p99";
                            out.put("stage_" + stage.getValue() + suffix, Math.round(value.path(0).path("max").asDouble()));
                        }
                    }
                }
            }
            Table table = new Table("stage (from the request's timestamp)", "ms p50", "ms p99");
            for (String stage : STAGES.values()) {
                table.row(stage, out.getOrDefault("stage_" + stage + "_ms_p50", "-"),
                        out.getOrDefault("stage_" + stage + "_ms_p99", "-"));
            }
            log.printf("where a request's time goes (worst subtask):%n%s", table.render());
        } catch (IOException | RuntimeException e) {
            log.println("job stages not read from the Flink REST API at " + rest.base() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
