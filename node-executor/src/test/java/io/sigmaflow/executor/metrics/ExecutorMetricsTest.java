package io.sigmaflow.executor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.metrics.MetricsEndpoint;
import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.pod.PlacementApplier.Result;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's metrics scraped over HTTP from an endpoint on an ephemeral port, on a simulated
 * cgroup tree with real processes: the values follow what the host agent did.
 */
class ExecutorMetricsTest {
    @TempDir
    Path dir;

    private final RecordingSink recorded = new RecordingSink();
    private final ExecutorMetrics metrics = new ExecutorMetrics(recorded);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private HostAgent host;

    @AfterEach
    void tearDown() {
        if (host != null) {
            host.close();
        }
        Leaks.killChildren();
    }

    @Test
    void scrapeFollowsPodsKnobWritesAndFailures() throws Exception {
        host = new HostAgent(TestConfig.in(dir).build(), UnaryOperator.identity(), metrics, RunDelayProbe.schedstat());
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsEndpoint.DEFAULT_HOST, 0,
                out -> metrics.render(out, host.view(), host.knobs(), null))) {
            String before = scrape(endpoint);
            assertTrue(before.contains("# TYPE sigmaflow_executor_pods_running gauge\n"), before);
            assertTrue(before.contains("# TYPE sigmaflow_executor_knob_writes_total counter\n"), before);
            assertTrue(before.contains("# TYPE sigmaflow_executor_apply_seconds summary\n"), before);
            assertEquals(0, value(before, "sigmaflow_executor_pods_running"));
            assertEquals(0, value(before, "sigmaflow_executor_pods_failed_total{reason=\"other\"}"));
            double writtenBefore = value(before, "sigmaflow_executor_knob_writes_total{outcome=\"written\"}");

            assertEquals(Result.APPLIED, host.placements().apply(Pods.bind("web-1").cpuMillis(2000).build()));
            String running = scrape(endpoint);
            assertEquals(1, value(running, "sigmaflow_executor_pods_running"));
            assertTrue(value(running, "sigmaflow_executor_knob_writes_total{outcome=\"written\"}") > writtenBefore, running);
            assertEquals(host.knobs().written(), (long) value(running, "sigmaflow_executor_knob_writes_total{outcome=\"written\"}"));

            // A payload that exits non-zero: the watcher reports it FAILED, through the metrics.
            assertEquals(Result.APPLIED, host.placements().apply(Pods.bind("crash-1").script("exit 3").build()));
            assertTrue(Leaks.eventually(30_000, () -> {
                host.watcher().check();
                return recorded.last("crash-1") != null && recorded.last("crash-1").getState() == PodState.FAILED;
            }), "crash-1 reported FAILED");
            String failed = scrape(endpoint);
            assertEquals(1, value(failed, "sigmaflow_executor_pods_failed_total{reason=\"other\"}"));
            assertEquals(0, value(failed, "sigmaflow_executor_pods_failed_total{reason=\"oom_killed\"}"));
            assertEquals(1, value(failed, "sigmaflow_executor_pods_running"));
        }
    }

    private String scrape(MetricsEndpoint endpoint) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), sample + " missing in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
