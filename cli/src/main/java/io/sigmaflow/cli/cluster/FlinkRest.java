package io.sigmaflow.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The Flink REST API the dashboard itself uses: upload a jar, run it (with program arguments and a
 * savepoint to restore), a job's state and restarts, savepoints and stop-with-savepoint (both
 * asynchronous operations polled to their end).
 */
public final class FlinkRest {
    static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    /** {@code GET path}; throws with Flink's errors on a non-2xx answer. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    public JsonNode patch(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); the jar's id on the cluster. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "sigma-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        String filename = r.path("filename").asText();
        return Path.of(filename).getFileName().toString();
    }

    /** {@code POST /jars/{id}/run}; the job id. {@code savepoint} null: the job finds its own state. */
    public String run(String jarId, List<String> programArgs, String savepoint, Integer parallelism)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("programArgsList").addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
        }
        if (parallelism != null) {
            body.put("parallelism", parallelism);
        }
        return post("/jars/" + jarId + "/run", body).path("jobid").asText();
    }

    /** The job's state (RUNNING, RESTARTING, FINISHED, ...). */
    public String state(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /**
     * The job's restarts since it was submitted: its {@code numRestarts} metric, or the failures in
     * its exception history when more (the REST metric is a cached sample, up to
     * {@code metrics.fetcher.update-interval} old: it still said 0 25 s after a restart).
     */
    public long restarts(String jobId) throws IOException, InterruptedException {
        long metric = 0;
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            metric = m.path("value").asLong(0);
        }
        long failures = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size();
        return Math.max(metric, failures);
    }

    /** How many TaskManagers are registered, and free slots. */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** Triggers a savepoint ({@code stop}: stop with savepoint) and waits for its path. */
    public String savepoint(String jobId, String targetDir, boolean stop, Duration timeout) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        String trigger;
        if (stop) {
            body.put("drain", false);
            if (targetDir != null) {
                body.put("targetDirectory", targetDir);
            }
            trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
        } else {
            body.put("cancel-job", false);
            if (targetDir != null) {
                body.put("target-directory", targetDir);
            }
            trigger = post("/jobs/" + jobId + "/savepoints", body).path("request-id").asText();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("savepoint of job " + jobId + " failed: "
                            + op.path("failure-cause").path("stack-trace").asText().lines().findFirst().orElse("?"));
                }
                return op.path("location").asText();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("savepoint of job " + jobId + " not done after " + timeout.toSeconds() + " s");
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.statusCode() / 100 != 2) {
            String errors = body.path("errors").isArray() && !body.path("errors").isEmpty()
                    ? body.path("errors").get(body.path("errors").size() > 1 ? 1 : 0).asText() : r.body();
            throw new IOException(request.method() + " " + request.uri().getPath() + ": HTTP " + r.statusCode()
                    + ": " + errors.lines().limit(8).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
        return body;
    }
}
